#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Signers page as a person uses it, through the accessibility tree.

Starts the built `certifica` on an empty store in a temporary folder, clicks
"Add Signer…", types the FIEL fixture's path in GTK's file chooser (Ctrl+L),
and checks that the signer's row shows its RFC, CURP, certificate number and
the expired warning. Then "Verify Key…" with the fixture's .key and password
says the pair matches but the certificate has expired. Last, a store
written by a newer Certifica: the app says so, quits when asked, and leaves
the file byte for byte as it was.

Run through tests/ui/run-ui-test.sh (a private D-Bus session, so the AT-SPI
bus and the keyring are this test's own) under xvfb-run. Exit 77 when the
SAT fixtures, the app or AT-SPI are missing.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import flow_util as fu

fixtures = os.environ.get('CF_FIXTURES_DIR', '')
fiel_dir = os.path.join(fixtures, 'sat-test-certs', 'FIEL_AAA010101AAA')
fiel_cer = os.path.join(fiel_dir, 'certificate.cer')
fiel_key = os.path.join(fiel_dir, 'private_key.key')
fiel_password_file = os.path.join(fiel_dir, 'password.txt')

fu.setup('flow-signers', spanish=False)
if not os.path.exists(fiel_cer) or not os.path.exists(fiel_key):
    fu.skip('SAT fixtures not found ($CF_FIXTURES_DIR)')
from flow_util import (TIMEOUT, rawinput, wait_for, find_label, find_label_containing,  # noqa: E402
                       find_button, find_window, click, point_at, screenshot, stop, choose_file,
                       open_section)


def start_app(store):
    # The FIEL fixture is a SAT test certificate: its CAs are trusted here
    # instead of SAT's production ones (the Signers page checks the chain).
    test_cas = os.path.join(os.path.dirname(fixtures), 'sat-ca', 'test')
    return fu.start_app(store, {'CERTIFICA_TRUST_DIR': test_cas} if os.path.isdir(test_cas) else None)


def sha256(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def newer_store_flow(workdir):
    # What a later Certifica would leave: our application id, a schema
    # version from the future.
    store = os.path.join(workdir, 'newer.db')
    connection = sqlite3.connect(store)
    connection.execute('PRAGMA application_id = 1130721908')  # 0x43657274
    connection.execute('PRAGMA user_version = 999')
    connection.execute('CREATE TABLE from_the_future (x)')
    connection.commit()
    connection.close()
    before = sha256(store)

    process, app = start_app(store)
    try:
        message = wait_for('the newer-store message',
                           lambda: find_label_containing(app, 'newer version of Certifica'))
        print('store message:', message.name)
        click(wait_for('"Quit"', lambda: find_button(app, 'Quit')))
        process.wait(timeout=TIMEOUT)
        print('app quit with', process.returncode)
        assert process.returncode == 0, process.returncode
        assert sha256(store) == before, 'the newer store was modified'
        assert not os.path.exists(store + '-journal') and not os.path.exists(store + '-wal')
    finally:
        stop(process)


def main():
    workdir = tempfile.mkdtemp(prefix='certifica-flow-')
    try:
        signers_flow(workdir)
        newer_store_flow(workdir)
        return 0
    finally:
        subprocess.run(['rm', '-rf', workdir], check=False)


def signers_flow(workdir):
    process, app = start_app(os.path.join(workdir, 'certifica.db'))
    try:
        # A first start opens on the incorporation; the signers are a click away.
        wait_for('the incorporation overview', lambda: find_label(app, 'Incorporation to the MEC'))
        open_section(app, 'Signers')
        # The empty page's button.
        add = wait_for('"Add Signer…"', lambda: find_button(app, 'Add Signer…'))
        click(add)

        choose_file(app, 'Add Signer', fiel_cer)

        for text in ('ACCEM SERVICIOS EMPRESARIALES SC', '30001000000300023685',
                     'HEGT761003MDFRNN09', 'Expired on May 15, 2021'):
            wait_for(f'the row text "{text}"', lambda text=text: find_label(app, text))
        wait_for('the RFC', lambda: find_label_containing(app, 'AAA010101AAA'))
        wait_for('the keyring state', lambda: find_label_containing(app, 'Not in the keyring'))
        screenshot('flow-signers')
        print('row shown for the FIEL fixture')

        # Verify the key: choose the .key, type the password.
        click(wait_for('"Verify Key…"', lambda: find_button(app, 'Verify Key…')))
        dialog = wait_for('the verify dialog', lambda: find_window(app, 'Verify Key'))
        # libadwaita names a row's button after the row's title.
        click(wait_for('"Choose…"', lambda: find_button(dialog, 'Private key (.key)')))
        choose_file(app, 'Choose the Private Key', fiel_key)
        wait_for('the chosen key', lambda: find_label(dialog, 'private_key.key'))

        with open(fiel_password_file, encoding='utf-8') as handle:
            password = handle.read().strip()
        # Choosing the key moves the focus to the password field.
        point_at(dialog)
        time.sleep(0.5)
        rawinput.typeText(password)
        rawinput.pressKey('Return')
        result = wait_for('the verification result',
                          lambda: find_label_containing(dialog, 'pair with this certificate'),
                          timeout=60)
        print('result:', result.name)
        assert 'cannot sign now' in result.name, result.name
        screenshot('flow-verify')

        rawinput.pressKey('Escape')
        wait_for('the dialog to close', lambda: find_window(app, 'Verify Key') is None)
        rawinput.keyCombo('<Control>q')
        process.wait(timeout=TIMEOUT)
        print('app quit with', process.returncode)
        assert process.returncode == 0, process.returncode
    finally:
        stop(process)


if __name__ == '__main__':
    sys.exit(main())
