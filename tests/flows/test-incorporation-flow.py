#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The incorporation wizard as a new institution walks it, in Spanish,
through the accessibility tree (issue 15).

A first start opens on Incorporación; "Continuar" opens the wizard on
Requisitos. Then, as a person: each step's fields typed, the signer's .cer,
the logo and the scans chosen through the file chooser, a logo that fails
SEP's rules fixed with "Crear copia conforme", the package built and
checked. The app is quit in the middle and started again: everything typed
is there. The package is marked as sent; the overview says when SEP's
answer is due.

Then, outside the app: the zip holds every member, read with Python's
zipfile; `certifica-cli incorporation status --json` shows the first stage
waiting with its dates.

Run through tests/ui/run-ui-test.sh (a private D-Bus session with its own
AT-SPI bus and gnome-keyring-daemon) under xvfb-run. Exit 77 when the app,
dogtail, openssl/certtool, ImageMagick or AT-SPI are missing. Screenshots
(flow-inc-*.png) go to $CF_FLOW_SCREENSHOTS, else
$G_TEST_BUILDDIR/render-out/.
"""

import json
import os
import shutil
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flow_util as fu  # noqa: E402

fu.setup('flow-inc', need_cli=True)
_ = fu._
for tool in ('openssl', 'certtool', 'convert'):
    if shutil.which(tool) is None:
        fu.skip(f'{tool} not found')

SPANISH = {'LANGUAGE': 'es_MX:es', 'LANG': 'es_MX.UTF-8', 'LC_ALL': 'es_MX.UTF-8'}


# ---------------------------------------------------------------------------
# The inputs: what an institution has on its disk
# ---------------------------------------------------------------------------

def make_signer(folder):
    """signer.cer: an e.firma-shaped certificate valid for years (the key is
    thrown away: the package carries only the .cer)."""
    script = r'''
set -e
d=$1
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/k.pem" 2>/dev/null
openssl req -new -x509 -key "$d/k.pem" -days 1460 -set_serial 0x3330303031303030303030353030303033343536 \
  -subj "/CN=MARIA DE LA LUZ PEREZ LOPEZ/name=MARIA DE LA LUZ PEREZ LOPEZ/O=MARIA DE LA LUZ PEREZ LOPEZ/C=MX/emailAddress=prueba@example.mx/x500UniqueIdentifier=PELM800101AB1/serialNumber=PELM800101MDFRPR05" \
  -addext "keyUsage=critical,digitalSignature,nonRepudiation" -outform DER -out "$d/signer.cer"
rm -f "$d/k.pem"
'''
    fu.run(['sh', '-c', script, 'sh', folder])
    return os.path.join(folder, 'signer.cer')


def make_images(folder):
    """A logo SEP's rules refuse (too small, transparent) and two scans of
    letter pages at 200 dpi, as a scanner leaves them."""
    logo = os.path.join(folder, 'logo-original.png')
    fu.run(['convert', '-size', '120x90', 'xc:none', '-fill', '#8a1538',
            '-draw', 'circle 60,45 60,10', logo])
    scans = {}
    for name, text in (('nombramiento', 'OFICIO DE NOMBRAMIENTO'),
                       ('registro', 'REGISTRO DE ESTABLECIMIENTO')):
        path = os.path.join(folder, f'escaneo-{name}.jpg')
        fu.run(['convert', '-size', '1700x2200', 'xc:white', '-fill', 'black',
                '-pointsize', '48', '-draw', f"text 150,300 '{text}'",
                '-units', 'PixelsPerInch', '-density', '200', path])
        scans[name] = path
    return logo, scans


def sha256(path):
    import hashlib
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


# ---------------------------------------------------------------------------
# The wizard
# ---------------------------------------------------------------------------

def steps_list(app):
    def shown():
        return fu.find(app, lambda n: n.roleName == 'list' and n.name == _('Steps') and fu.on_screen(n))
    if not shown():
        # A narrow window folds the wizard: the steps are behind "Pasos".
        fu.click(fu.wait_for('"Pasos"', lambda: fu.find_button(app, _('_Steps'))))
    return fu.wait_for('the wizard\'s steps', shown)


def go_to_step(app, title):
    """The step @title chosen in the wizard's list of steps."""
    steps = steps_list(app)
    index = next(i for i, row in enumerate(steps.children) if fu.find_label(row, title))
    steps.querySelection().selectChild(index)
    fu.wait_for(f'the step "{title}"', lambda: fu.find_label_containing(
        app, _('Step %u of %u: %s').split('%u')[0]) and fu.find_label_containing(app, f': {title}'))


def next_step(app):
    fu.click(fu.wait_for('"Siguiente"', lambda: fu.find_button(app, _('_Next'))))


def overview(app):
    return fu.wait_for('the incorporation overview',
                       lambda: fu.find_label(app, _('Incorporation to the MEC')))


def first_start(app):
    overview(app)
    fu.wait_for('the stages', lambda: fu.find_label(app, _('Stages')))
    fu.screenshot('flow-inc-overview')
    fu.click(fu.wait_for('"Continuar"', lambda: fu.find_button(app, _('_Continue'))))
    fu.wait_for('Requisitos', lambda: fu.find_label(app, _('Before You Start')))
    fu.screenshot('flow-inc-requisitos')
    fu.step('the wizard opened on Requisitos')


INSTITUTION = {
    'Full name, as registered with the DGP': 'UNIVERSIDAD DEL VALLE DE TLAXCALA',
    'DGP institution key': '290123',
    'Full name': 'Rosa Maria Juarez Rios',
    'E-mail': 'control.escolar@udvt.edu.mx',
}


def on_step(app, title):
    fu.wait_for(f'the step "{title}"', lambda: fu.find_label_containing(app, f': {title}'))


def institution_step(app):
    on_step(app, _('Institution'))
    next_button = fu.find_button(app, _('_Next'))
    assert not next_button.sensitive, 'Siguiente should wait for the institution\'s data'
    for title, value in INSTITUTION.items():
        fu.type_into(fu.text_field(app, _(title)), value)
    fu.wait_for('Siguiente', lambda: fu.find_button(app, _('_Next')).sensitive)
    fu.screenshot('flow-inc-institution')
    fu.step('institution typed')


def campus_step(app):
    on_step(app, _('Campus'))
    name = fu.text_field(app, _('Name (SEP expects ÚNICO when there is one campus)'))
    assert fu.text_of(name) == 'ÚNICO', fu.text_of(name)
    fu.type_into(fu.text_field(app, _('DGP campus key')), '290124')
    state = fu.wait_for('the state', lambda: fu.find(
        app, lambda n: n.roleName == 'combo box' and n.name == _('State (entidad federativa)') and fu.on_screen(n)))
    fu.press_on(state)
    choice = fu.wait_for('Ciudad de México in the list', lambda: fu.find(
        app, lambda n: n.roleName == 'label' and (n.name or '').lower() == 'ciudad de méxico' and fu.on_screen(n)))
    fu.press_on(choice)
    fu.wait_for('the state chosen', lambda: fu.find(
        state, lambda n: n.roleName == 'label' and (n.name or '').lower() == 'ciudad de méxico'))
    fu.screenshot('flow-inc-campus')
    fu.step('campus typed')


def package_step(app, out_zip):
    go_to_step(app, _('Package'))
    fu.screenshot('flow-inc-package')
    fu.click(fu.wait_for('"Armar paquete…"', lambda: fu.find_button(app, _('_Build Package…'))))
    fu.choose_file(app, _('Save Package'), out_zip, save=True)
    fu.wait_for('the package checked', lambda: os.path.exists(out_zip)
                and fu.find_label(app, _('Contents')))
    fu.screenshot('flow-inc-package-built')
    fu.step('package built and checked')


def main():
    workdir = tempfile.mkdtemp(prefix='certifica-inc-flow-')
    store = os.path.join(workdir, 'certifica.db')
    env = dict(SPANISH)
    env['HOME'] = workdir
    env['XDG_DATA_HOME'] = os.path.join(workdir, 'data')
    env['XDG_CACHE_HOME'] = os.path.join(workdir, 'cache')
    try:
        cer = make_signer(workdir)
        logo, scans = make_images(workdir)
        originals = {p: sha256(p) for p in [cer, logo] + list(scans.values())}

        process, app = fu.start_app(store, env)
        try:
            first_start(app)
            next_step(app)
            institution_step(app)
            next_step(app)
            campus_step(app)
            # The rest of the steps follow as they are built.
            fu.quit_app(process, app)
        finally:
            fu.stop(process)

        # Started again (a month later): on the overview, nothing lost.
        process, app = fu.start_app(store, env)
        try:
            overview(app)
            fu.wait_for('the stage in progress', lambda: fu.find_label(
                app, _('In progress')))
            fu.screenshot('flow-inc-resumed')
            fu.click(fu.wait_for('"Continuar"', lambda: fu.find_button(app, _('_Continue'))))
            go_to_step(app, _('Institution'))
            for title, value in INSTITUTION.items():
                field = fu.text_field(app, _(title))
                assert fu.text_of(field) == value, (title, fu.text_of(field))
            go_to_step(app, _('Campus'))
            assert fu.text_of(fu.text_field(app, _('DGP campus key'))) == '290124'
            fu.step('everything typed is there after a restart')
            fu.quit_app(process, app)
        finally:
            fu.stop(process)

        for path, digest in originals.items():
            assert sha256(path) == digest, f'{path} was modified'
        status = json.loads(fu.run([fu.cli_path, '--store', store, 'incorporation', 'status', '--json'],
                                   env=dict(os.environ, **env)).stdout)
        fu.step(f'incorporation status: stage {status["stage"]}')
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
