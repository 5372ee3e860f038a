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

SKIP = 77
# Seconds to wait for each step; raise it for slow builds (sanitizers).
TIMEOUT = int(os.environ.get('CF_FLOW_TIMEOUT', '60'))

# The app: the first argument (meson passes the built one) or $CERTIFICA_BIN.
app_path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('CERTIFICA_BIN')
fixtures = os.environ.get('CF_FIXTURES_DIR', '')
fiel_dir = os.path.join(fixtures, 'sat-test-certs', 'FIEL_AAA010101AAA')
fiel_cer = os.path.join(fiel_dir, 'certificate.cer')
fiel_key = os.path.join(fiel_dir, 'private_key.key')
fiel_password_file = os.path.join(fiel_dir, 'password.txt')
screenshot_dir = os.environ.get('CF_FLOW_SCREENSHOTS')

if not app_path or not os.path.exists(app_path):
    print('CERTIFICA_BIN does not name the built app: skipped')
    sys.exit(SKIP)
if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
    print('no display (run under xvfb-run): skipped')
    sys.exit(SKIP)
if not os.path.exists(fiel_cer) or not os.path.exists(fiel_key):
    print('SAT fixtures not found ($CF_FIXTURES_DIR): skipped')
    sys.exit(SKIP)

# The accessibility bus of this test's own D-Bus session. Without this,
# AT-SPI and GTK first read the AT_SPI_BUS property of the X root window,
# which another test on the same Xvfb may have left pointing at its bus.
try:
    import gi
    from gi.repository import Gio, GLib
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = session.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                              None, GLib.VariantType.new('(s)'), Gio.DBusCallFlags.NONE,
                              10000, None)
    os.environ['AT_SPI_BUS_ADDRESS'] = reply.unpack()[0]
except Exception as error:  # pragma: no cover
    print(f'no accessibility bus on this session ({error}): skipped')
    sys.exit(SKIP)

try:
    from dogtail.config import config
    # The check reads a GNOME desktop setting; GTK 4 talks AT-SPI anyway.
    config.checkForA11y = False
    config.searchCutoffCount = 5
    config.logDebugToFile = False
    from dogtail import predicate, rawinput
    from dogtail.tree import root, SearchError
    import pyatspi
except Exception as error:  # pragma: no cover
    print(f'dogtail cannot be used ({error}): skipped')
    sys.exit(SKIP)


def wait_for(what, find, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            found = find()
            if found:
                return found
        except (SearchError, LookupError, RuntimeError) as error:
            last_error = error
        time.sleep(0.3)
    raise AssertionError(f'timed out waiting for {what} ({last_error})')


def find_label(app, text):
    return app.findChild(predicate.GenericPredicate(name=text, roleName='label'),
                         retry=False, requireResult=False)


def find_label_containing(app, text):
    return app.findChild(lambda node: node.roleName == 'label' and text in (node.name or ''),
                         retry=False, requireResult=False)


def on_screen(node):
    # GTK 4.8 sets no SHOWING state; a widget that is not drawn has no size.
    try:
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except NotImplementedError:
        return True
    return extents.width > 0 and extents.height > 0


def find_button(node, name):
    # Only one a person can see: the page keeps a hidden twin in its stack.
    return node.findChild(lambda n: n.roleName == 'push button' and n.name == name and on_screen(n),
                          retry=False, requireResult=False)


def find_window(app, title):
    # GTK 4.8 exposes dialogs with varying roles: match the title.
    for child in app.children:
        if child.name == title:
            return child
    return None


def click(node):
    # The AT-SPI "click" action, as an assistive tool would.
    node.doActionNamed('click')


def point_at(window):
    # Xvfb runs no window manager: every window sits at the top-left corner,
    # and keys go to the window under the pointer once a focused window is
    # gone. Put the pointer over @window, as a person would.
    try:
        extents = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    except NotImplementedError:
        x, y = 100, 100
    rawinput.absoluteMotion(max(x, 10), max(y, 10))


def type_path(path):
    # GTK's file chooser opens its location entry with Ctrl+L.
    rawinput.keyCombo('<Control>l')
    time.sleep(0.5)
    rawinput.typeText(path)
    time.sleep(0.3)
    rawinput.pressKey('Return')


def screenshot(name):
    if screenshot_dir:
        subprocess.run(['import', '-window', 'root', os.path.join(screenshot_dir, name + '.png')],
                       check=False)


def start_app(store):
    env = dict(os.environ)
    env['CERTIFICA_STORE'] = store
    # The FIEL fixture is a SAT test certificate: its CAs are trusted here
    # instead of SAT's production ones (the Signers page checks the chain).
    test_cas = os.path.join(os.path.dirname(fixtures), 'sat-ca', 'test')
    if os.path.isdir(test_cas):
        env['CERTIFICA_TRUST_DIR'] = test_cas
    env.pop('NO_AT_BRIDGE', None)
    if env.get('GTK_A11Y') == 'none':
        env.pop('GTK_A11Y')
    # In a sanitizer build: GTK 4.8's own file chooser leaks (a bare
    # GtkFileChooserNative shown and destroyed leaks the same 256 bytes), so
    # leaks are left to the widget tests, which never open it.
    if 'ASAN_OPTIONS' in env:
        env['ASAN_OPTIONS'] += ':detect_leaks=0'
    process = subprocess.Popen([app_path], env=env)
    try:
        # Generous: the machine may be busy with other tests.
        app = wait_for('the app on the accessibility bus',
                       lambda: root.application(os.path.basename(app_path)),
                       timeout=3 * TIMEOUT)
    except AssertionError as error:
        if process.poll() is not None:
            raise AssertionError(f'the app exited with {process.returncode} before showing a window')
        process.terminate()
        process.wait(timeout=10)
        print(f'AT-SPI does not show the app: {error}: skipped')
        sys.exit(SKIP)
    return process, app


def stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


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


def open_section(app, title):
    sections = wait_for('the sidebar', lambda: app.findChild(
        lambda n: n.roleName == 'list' and n.name == 'Sections', retry=False, requireResult=False))
    rows = sections.children
    index = next(i for i, row in enumerate(rows) if find_label(row, title))
    sections.querySelection().selectChild(index)


def signers_flow(workdir):
    process, app = start_app(os.path.join(workdir, 'certifica.db'))
    try:
        # A first start opens on the incorporation; the signers are a click away.
        wait_for('the incorporation overview', lambda: find_label(app, 'Incorporation to the MEC'))
        open_section(app, 'Signers')
        # The empty page's button.
        add = wait_for('"Add Signer…"', lambda: find_button(app, 'Add Signer…'))
        click(add)

        wait_for('the file chooser', lambda: find_window(app, 'Add Signer'))
        time.sleep(1)
        type_path(fiel_cer)

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
        wait_for('the key chooser', lambda: find_window(app, 'Choose the Private Key'))
        time.sleep(1)
        type_path(fiel_key)
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
