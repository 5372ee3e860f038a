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

def make_signer(folder, data_home):
    """fiel.cer issued by a CA of this test's own, which the signer's
    registration trusts from the user's trust folder (not SAT's)."""
    cer, key, ca = fu.make_signer(folder, 'prueba123')
    os.unlink(key)
    trust = os.path.join(data_home, 'certifica', 'trust')
    os.makedirs(trust, exist_ok=True)
    shutil.copy(ca, os.path.join(trust, 'universidad-ca.pem'))
    return cer


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


def signers_step(app, cer):
    on_step(app, _('Signers per Campus'))
    fu.click(fu.wait_for('"Agregar desde un .cer…"', lambda: fu.find_button(app, _('Add from a ._cer…'))))
    fu.choose_file(app, _('Add a Signer’s e.firma'), cer)
    fu.wait_for('the signer for the campus', lambda: fu.find_label_containing(app, 'PELM800101MDFRPR01'))
    email = fu.text_field(app, _('Signer’s e-mail'))
    if not fu.text_of(email):
        fu.type_into(email, 'prueba@example.mx')
    fu.wait_for('Siguiente', lambda: fu.find_button(app, _('_Next')).sensitive)
    fu.screenshot('flow-inc-signers')
    fu.step('the signer added from its .cer')


def logo_step(app, logo):
    on_step(app, _('Logo'))
    fu.click(fu.wait_for('"Elegir imagen…"', lambda: fu.find_button(app, _('_Choose Image…'))))
    fu.choose_file(app, _('Choose the Logo'), logo)
    fails = _('The image fails some rules. “Make a Compliant Copy” makes a copy that meets '
              'them; the original is not changed.')
    fu.wait_for('the rules failing', lambda: fu.find_label(app, fails))
    fu.screenshot('flow-inc-logo-fails')
    fu.click(fu.wait_for('"Crear copia conforme"', lambda: fu.find_button(app, _('_Make a Compliant Copy'))))
    fu.wait_for('the compliant copy', lambda: fu.find_label_containing(
        app, _('The compliant copy is the logo sent to SEP and printed on the certificates.')))
    fu.wait_for('Siguiente', lambda: fu.find_button(app, _('_Next')).sensitive)
    fu.screenshot('flow-inc-logo-fixed')
    fu.step('the logo fixed with a compliant copy')


def documents_step(app, scans):
    on_step(app, _('Documents'))
    for key, title in (('nombramiento', _('Oficio de Nombramiento, Sello y Firma')),
                       ('registro', _('Registro de establecimiento educativo'))):
        fu.click(fu.wait_for('"Adjuntar…"', lambda: fu.find_button(app, _('_Attach…'))))
        fu.choose_file(app, title, scans[key])
        fu.wait_for(f'the scan of {key} kept', lambda: fu.find_label_containing(
            app, os.path.basename(scans[key])))
    fu.wait_for('Siguiente', lambda: fu.find_button(app, _('_Next')).sensitive)
    fu.screenshot('flow-inc-documents')
    fu.step('both scans attached and checked')


def package_step(app, out_zip):
    on_step(app, _('Package'))
    fu.click(fu.wait_for('"Armar paquete…"', lambda: fu.find_button(app, _('_Build Package…'))))
    fu.choose_file(app, _('Build the Package for SEP'), out_zip, save=True)
    fu.wait_for('the package checked', lambda: os.path.exists(out_zip)
                and fu.find_label(app, _('Contents')))
    fu.screenshot('flow-inc-package-built')
    fu.step('package built and checked')
    fu.click(fu.wait_for('"Marcar como enviado"', lambda: fu.find_button(app, _('_Mark as Sent'))))
    fu.click(fu.wait_for('"Resumen"', lambda: fu.find_button(app, _('_Overview'))))
    since = _('Waiting for SEP since %s; answer expected by %s').split('%s')[0]
    fu.wait_for('the stage waiting for SEP', lambda: fu.find_label_containing(app, since))
    fu.screenshot('flow-inc-overview-sent')
    fu.step('marked as sent; the overview waits for SEP')


def cli(store, env, *args):
    return fu.run([fu.cli_path, '--store', store] + list(args), env=dict(os.environ, **env))


def test_stage(app, store, env):
    """SEP's answer to the registration and stages 2 and 3 (the Study Plans'
    and Certificados' work, with flows of their own) recorded from another
    desk, the command line: "Continuar" reads them and opens the test
    stage. (The test stage's and production's steps have widget tests of
    their own.)"""
    cli(store, env, 'incorporation', 'done', '1')
    cli(store, env, 'incorporation', 'done', '2')
    cli(store, env, 'incorporation', 'done', '3')
    fu.click(fu.wait_for('"Continuar"', lambda: fu.find_button(app, _('_Continue'))))
    on_step(app, _('Test Stage'))
    fu.screenshot('flow-inc-pruebas')
    fu.step('what another desk recorded is read: on to the test stage')


def main():
    workdir = tempfile.mkdtemp(prefix='certifica-inc-flow-')
    store = os.path.join(workdir, 'certifica.db')
    env = dict(SPANISH)
    env['HOME'] = workdir
    env['XDG_DATA_HOME'] = os.path.join(workdir, 'data')
    env['XDG_CACHE_HOME'] = os.path.join(workdir, 'cache')
    try:
        cer = make_signer(workdir, env['XDG_DATA_HOME'])
        out_zip = os.path.join(workdir, 'Registro-Institucion.zip')
        logo, scans = make_images(workdir)
        originals = {p: sha256(p) for p in [cer, logo] + list(scans.values())}

        process, app = fu.start_app(store, env)
        try:
            first_start(app)
            next_step(app)
            institution_step(app)
            next_step(app)
            campus_step(app)
            next_step(app)
            signers_step(app, cer)
            next_step(app)
            logo_step(app, logo)
            # Quit in the middle of the wizard.
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
            go_to_step(app, _('Documents'))
            documents_step(app, scans)
            next_step(app)
            on_step(app, _('Letters'))
            fu.screenshot('flow-inc-oficios')
            next_step(app)
            on_step(app, _('Registro de Institución'))
            fu.screenshot('flow-inc-registro')
            next_step(app)
            package_step(app, out_zip)
            test_stage(app, store, env)
            fu.quit_app(process, app)
        finally:
            fu.stop(process)

        for path, digest in originals.items():
            assert sha256(path) == digest, f'{path} was modified'
        with zipfile.ZipFile(out_zip) as package:
            names = package.namelist()
            assert package.testzip() is None
        fu.step(f'the zip holds {names}')
        for wanted in ('01-Registro-de-Institucion.xlsx', 'Oficio-campus-290124.pdf'):
            assert wanted in names, (wanted, names)
        for prefix in ('Firmante-', 'Oficio-de-Nombramiento.', 'Registro-de-establecimiento-educativo.',
                       'Logotipo.'):
            assert any(n.startswith(prefix) for n in names), (prefix, names)
        status = json.loads(fu.run([fu.cli_path, '--store', store, 'incorporation', 'status', '--json'],
                                   env=dict(os.environ, **env)).stdout)
        fu.step(f'incorporation status: {status}')
        first = status['stages'][0]
        assert first['since'] and first['due'], first
        assert status['stage'] == 4, status
        assert all(stage['state'] == 'done' for stage in status['stages'][:3]), status
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
