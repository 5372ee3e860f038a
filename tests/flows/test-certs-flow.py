#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Certificados as a registrar uses it, in Spanish, through the accessibility tree.

Before the app starts, certifica-cli imports a Programa de Estudios (career
101, plan 2018, three subjects) and registers a signer whose e.firma (made
here with openssl and certtool, issued by a CA of this test's own, not
SAT's) is kept with its password in this session's keyring, as the Signers
page keeps it (`efirma store-key --remember-password`).

Then, as a person: Certificados → "Importar alumnos…" → the file chooser →
a wide workbook written here with openpyxl in the real shape (a catalog
sheet with a merged title, notes above the header, IDs as text) → the
preview → Importar → Revisar. The certificate of Luis de la Garza Ruiz has
his first surname corrected to "De la Garza" in "Nombre como se imprime";
María García Álvarez's certificate shows the error of a subject without a
cycle, which is typed in the subjects table, and it becomes Listo. Sellar…
→ "Sellar todos los listos…" → the key from the keyring → Vista previa (the
first PDF full size, how many and by whom) → Sellar 3 → the e.firma is not
SAT's: sealed anyway → progress → 3 sealed → Cerrar → "Exportar para la
SEP…" → the zip's name typed in the save dialog → the toast.

Then, outside the app: the zip holds the three sealed XMLs, each verifies
(`dec verify --trust-anchor` the test's CA), `certs list --json` shows them
sellado with distinct folios, and the bitácora has the name correction.

Run through tests/ui/run-ui-test.sh (a private D-Bus session with its own
AT-SPI bus and gnome-keyring-daemon) under xvfb-run. Exit 77 when the app,
dogtail, openpyxl, openssl/certtool, the keyring or AT-SPI are missing.
Screenshots (flow-certs-*.png, flow-certs-timeout.png when a step times out)
go to $CF_FLOW_SCREENSHOTS, else $G_TEST_BUILDDIR/render-out/.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import flow_util as fu

PASSWORD = '12345678a'

fu.setup('flow-certs', need_cli=True, need_keyring=True)
for tool in ('openssl', 'certtool'):
    if shutil.which(tool) is None:
        fu.skip(f'{tool} not found')
try:
    import openpyxl
except ImportError:
    fu.skip('openpyxl not found')

# Every name looked for below is the English message translated as the
# app translates it (its own Spanish catalog, po/es.po as built).
from flow_util import (_, ngettext, TIMEOUT, cli_path, rawinput, step, screenshot, wait_for,  # noqa: E402
                       extents, on_screen, find, find_all, find_label, find_label_containing,
                       named, find_button, find_window, text_of, focused, click, point_at, press_on,
                       start_app, stop, choose_file, open_section)

# ---------------------------------------------------------------------------
# The inputs
# ---------------------------------------------------------------------------

PLAN_HEADERS = ['ID_INSTITUCION', 'NOMBRE_INSTITUCION', 'ID_CAMPUS', 'CAMPUS', 'ID_ENTIDAD',
                'ID_CARRERA', 'CLAVE_CARRERA', 'NOMBRE_CARRERA', 'CLAVE_PLAN', 'NO_RVOE',
                'FECHA_RVOE', 'ID_TIPO_PERIODO', 'ID_NIVEL_ESTUDIOS', 'CALIFICACION_MINIMA',
                'CALIFICACION_MAXIMA', 'CALIFICACION_MINIMA_APROBATORIA', 'TOTAL_ASIGNATURAS',
                'TOTAL_CREDITOS', 'ID_ASIGNATURA', 'CLAVE_ASIGNATURA', 'NOMBRE_ASIGNATURA',
                'ID_TIPO_ASIGNATURA', 'CREDITOS', 'PERIODO', 'ESTATUS_PLAN']
LAW = ['090123', 'UNIVERSIDAD EJEMPLO', '090101', 'ÚNICO', '09', '101', '621317',
       'LICENCIATURA EN DERECHO', '2018', '20180409', '2018-04-09', '91', '81', '5', '10', '6',
       '3', '24']
PLAN_ROWS = [LAW + ['1001', 'DER101', 'INTRODUCCIÓN AL DERECHO', '263', '8', '1', 'VIGENTE'],
             LAW + ['1002', 'DER102', 'DERECHO ROMANO', '263', '8', '1', 'VIGENTE'],
             LAW + ['1003', 'DER201', 'TEORÍA DEL ESTADO', '263', '8', '2', 'VIGENTE']]

WIDE_HEADER = ['NumControlAlumno', 'curpAlumno', 'Nombres Alumno', 'Apellido Paterno alumn',
               'Apellido Materno alumn', 'id genero', 'Fecha Nacimiento alumn', 'id carrera',
               'carrera clave plan', 'id tipo certificacion', 'fecha expedicion']
GROUP = ['id asignatura', 'ciclo', 'calificacion', 'id tipo asignatura', 'creditos']
CURP_CHARS = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ'


def curp(first17):
    """A CURP with its check digit (RENAPO's algorithm)."""
    total = sum(CURP_CHARS.index(c) * (18 - i) for i, c in enumerate(first17))
    return first17 + str((10 - total % 10) % 10)


# matrícula, CURP, names as the school system holds them, sex, birth date, grades.
STUDENTS = [
    ('A001', curp('LOPA990501MDFPNN0'), 'ANA MARIA', 'LOPEZ', 'PEÑA', '250', '01/05/1999',
     [('1001', '2018-1', '8'), ('1002', '2018-1', '9'), ('1003', '2018-2', '10')]),
    # "de la Garza" as converted; the registrar prints "De la Garza".
    ('A002', curp('GARL000212HDFRZSA'), 'LUIS', 'DE LA GARZA', 'RUIZ', '251', '12/02/2000',
     [('1001', '2018-1', '7'), ('1002', '2018-1', '8'), ('1003', '2018-2', '9')]),
    # Subject 1002 without a cycle: an error, typed in the subjects table.
    ('A003', curp('GAAM010101MDFRLRA'), 'MARIA', 'GARCIA', 'ALVAREZ', '250', '01/01/2001',
     [('1001', '2018-1', '9'), ('1002', '', '9'), ('1003', '2018-2', '8')]),
]
FIXED_SURNAME = 'De la Garza'
MISSING_CYCLE = '2018-1'


def write_plan(path):
    import csv
    with open(path, 'w', newline='', encoding='utf-8') as out:
        writer = csv.writer(out)
        writer.writerow(PLAN_HEADERS)
        writer.writerows(PLAN_ROWS)


def write_workbook(path):
    """A real IPES workbook: a catalog sheet with a merged title first, then
    notes above the header and one row per student with groups of five
    columns per subject, every ID as text."""
    workbook = openpyxl.Workbook()
    careers = workbook.active
    careers.title = 'CARRERAS'
    careers.append(['CATALOGO DE CARRERAS', None, None, None, None])
    careers.merge_cells('A1:E1')
    careers.append(['ID_INSTITUCION', 'ID_NIVEL', 'ID_CARRERA', 'CLAVE_CARRERA', 'DESCRIPCION'])
    careers.append(['090123', 81, 101, '621317', 'LICENCIATURA EN DERECHO'])
    data = workbook.create_sheet('CERTIFICADOS')
    data.append(['NO VARIABLE'] * 5 + ['VARIABLE'] * 6)
    data.append(['Llene una fila por alumno; los ID van como texto'])
    data.append(WIDE_HEADER + GROUP * 3)
    for matricula, curp_, nombre, primer, segundo, sexo, nacimiento, grades in STUDENTS:
        row = [matricula, curp_, nombre, primer, segundo, sexo, nacimiento, '101', '2018', '79',
               '10/07/2024']
        for subject, cycle, grade in grades:
            row += [subject, cycle or None, grade, '263', '8']
        data.append(row)
    for row in data.iter_rows(min_row=4):
        for cell in row:
            cell.number_format = '@'
    workbook.save(path)


def run(args, stdin=None, check=True):
    result = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f'{" ".join(args)} exited with {result.returncode}: '
                             f'{result.stdout}{result.stderr}')
    return result


def make_signer(folder):
    """fiel.cer / fiel.key (password PASSWORD) issued by a new CA, ca.pem."""
    return fu.make_signer(folder, PASSWORD)


# ---------------------------------------------------------------------------
# The accessibility tree
# ---------------------------------------------------------------------------

def open_certificates(app):
    open_section(app, _('Certificates'))
    return wait_for('the Certificados page',
                    lambda: find(app, lambda n: n.name == 'CfCertsPage' and on_screen(n)))


def list_row(page, name):
    """The label of certificate @name in the list (its row is clicked), not
    the detail's title: the leftmost."""
    def leftmost():
        labels = [n for n in find_all(page, lambda n: n.roleName == 'label' and n.name == name)
                  if on_screen(n)]
        return min(labels, key=lambda n: extents(n).x) if labels else None
    return wait_for(f'the row of {name}', leftmost)


def entry_row(page, title):
    return wait_for(f'the "{title}" field',
                    lambda: find(page, lambda n: n.name == title and 'Text' in n.get_interfaces()
                                 and on_screen(n)))


def focus_field(node, window):
    """Clicks into @node (an entry row or a cell's entry) and waits until a
    text field has it."""
    point_at(window)
    press_on(node)
    # GTK 4.8 does not always say which text has the focus: a moment for it.
    time.sleep(0.5)


def type_into(node, text, window):
    focus_field(node, window)
    rawinput.keyCombo('<Control>a')
    rawinput.typeText(text)
    wait_for(f'“{text}” typed', lambda: text_of(node) == text)
    rawinput.pressKey('Return')


# ---------------------------------------------------------------------------
# The flow
# ---------------------------------------------------------------------------

def cli(store, *args, stdin=None, check=True):
    return run([cli_path, '--store', store] + list(args), stdin=stdin, check=check)


def prepare(workdir, store):
    plan = os.path.join(workdir, 'plan.csv')
    write_plan(plan)
    cli(store, 'plan', 'import', plan)
    cer, key, ca = make_signer(workdir)
    # The CA is trusted for this registration only: sealing in the app
    # then says the e.firma is not SAT's, and the registrar goes on.
    cli(store, 'efirma', 'add', '--trust-anchor', ca, cer)
    # As the Signers page keeps it: the key and its password in the keyring.
    cli(store, 'efirma', 'store-key', '--cer', cer, '--key', key, '--remember-password',
        '--password-stdin', stdin=PASSWORD + '\n')
    step('plan, signer and key ready')
    return ca


def certs_flow(workdir):
    store = os.path.join(workdir, 'certifica.db')
    workbook = os.path.join(workdir, 'alumnos.xlsx')
    zip_path = os.path.join(workdir, 'sep.zip')
    one_path = os.path.join(workdir, 'luis.zip')
    write_workbook(workbook)
    ca = prepare(workdir, store)

    env = {'LANGUAGE': 'es_MX:es', 'LANG': 'es_MX.UTF-8', 'LC_ALL': 'es_MX.UTF-8'}
    # The window as large as the screen (restored from the settings, as a
    # registrar's would be): the detail's subjects in view.
    settings = os.path.join(workdir, 'config', 'glib-2.0', 'settings')
    os.makedirs(settings)
    with open(os.path.join(settings, 'keyfile'), 'w', encoding='utf-8') as out:
        out.write('[io/github/certifica/Certifica]\nwindow-width=1580\nwindow-height=1150\n')
    env.update({'GSETTINGS_BACKEND': 'keyfile', 'XDG_CONFIG_HOME': os.path.join(workdir, 'config')})
    process, app = start_app(store, env)
    try:
        window = wait_for('the window', lambda: find_window(app, 'Certifica'))
        point_at(window)
        page = open_certificates(app)
        screenshot('flow-certs-01-empty')

        # Import the workbook.
        click(wait_for('"Importar alumnos…"', lambda: find_button(page, _('_Import Students…'))))
        choose_file(app, _('Import Students'), workbook)
        preview = wait_for('the preview', lambda: find_window(app, _('Import Students?')))
        wait_for('the layout said', lambda: find_label_containing(preview, 'CERTIFICADOS'))
        screenshot('flow-certs-02-preview')
        click(wait_for('"Importar"', lambda: find_button(preview, _('_Import'))))
        wait_for('the preview to close', lambda: find_window(app, _('Import Students?')) is None)
        list_row(page, 'Luis de la Garza Ruiz')
        step('3 students imported')

        # Check them all.
        click(wait_for('"Revisar"', lambda: find_button(page, _('_Check'))))
        ready = ngettext('<b>%u</b> ready', '<b>%u</b> ready', 2) % 2
        ready = ready.replace('<b>', '').replace('</b>', '')
        wait_for(f'"{ready}"', lambda: find_label_containing(page, ready))
        screenshot('flow-certs-03-checked')
        step('checked: 2 ready, 1 draft')

        # Fix a name as printed.
        press_on(list_row(page, 'Luis de la Garza Ruiz'))
        surname = entry_row(page, _('First surname'))
        wait_for('the surname as converted', lambda: text_of(surname) == 'de la Garza')
        type_into(surname, FIXED_SURNAME, window)
        list_row(page, 'Luis De la Garza Ruiz')
        screenshot('flow-certs-04-name')
        step('name corrected')

        # The finding, and its fix in the subjects table.
        press_on(list_row(page, 'María García Álvarez'))
        finding = _('The grade of subject %s has no cycle. Add it in the subjects table.') % '1002'
        wait_for('the missing cycle finding', lambda: find_label(page, finding))
        screenshot('flow-certs-05-finding')
        cycles = wait_for('the cycle fields',
                          lambda: [n for n in find_all(page, lambda n: n.name == _('Cycle')
                                                        and 'Text' in n.get_interfaces())
                                   if on_screen(n)])
        empty = next(n for n in cycles if text_of(n) == '')
        type_into(empty, MISSING_CYCLE, window)
        wait_for('the error gone', lambda: find_label(page, finding) is None)
        ready = ngettext('<b>%u</b> ready', '<b>%u</b> ready', 3) % 3
        ready = ready.replace('<b>', '').replace('</b>', '')
        wait_for(f'"{ready}"', lambda: find_label_containing(page, ready))
        screenshot('flow-certs-06-fixed')
        step('cycle typed: 3 ready')

        # Seal every ready one.
        click(wait_for('"Sellar…"', lambda: find_button(page, _('_Seal…'))))
        item = wait_for('"Sellar todos los listos…"',
                        lambda: find(app, lambda n: n.roleName == 'menu item'
                                     and named(n, _('Seal _All Ready…'))))
        click(item)
        dialog = wait_for('the sealing dialog', lambda: find_window(app, _('Seal Certificates')))
        point_at(dialog)
        wait_for('the key from the keyring', lambda: find_label_containing(
            dialog, _('The key and its password are in your keyring, where the Signers page kept them.')))
        screenshot('flow-certs-07-signer')
        next_button = wait_for('"Vista previa"',
                               lambda: find_button(dialog, _('_Preview'), roles=('push button',)))
        wait_for('"Vista previa" enabled', lambda: next_button.sensitive)
        click(next_button)
        seal_3 = ngettext('_Seal %u', '_Seal %u', 3) % 3
        seal_button = wait_for(f'"{seal_3}"', lambda: find_button(dialog, seal_3, roles=('push button',)))
        wait_for(f'"{seal_3}" enabled', lambda: seal_button.sensitive)
        time.sleep(1)   # the page drawn
        screenshot('flow-certs-08-preview')
        step('preview before sealing')
        click(seal_button)
        accept = wait_for('the not-SAT question',
                          lambda: find_window(app, _('Seal With an e.firma Not Issued by SAT?')))
        screenshot('flow-certs-09-not-sat')
        click(wait_for('"Sellar de todos modos"', lambda: find_button(accept, _('_Seal Anyway'))))
        done = _('%u sealed, %u not sealed, %u cancelled') % (3, 0, 0)
        wait_for(f'"{done}"', lambda: find_label(dialog, done))
        screenshot('flow-certs-10-sealed')
        step('3 sealed')
        click(wait_for('"Cerrar"', lambda: find_button(dialog, _('_Close'), roles=('push button',))))
        wait_for('the dialog to close', lambda: find_window(app, _('Seal Certificates')) is None)

        # Export for SEP.
        point_at(window)
        # (Greyed until something is sealed: seen in the screenshots; GTK 4.8
        # tells AT-SPI the menu button's own state, not its toggle's.)
        click(wait_for('"Exportar para la SEP…"', lambda: find_button(page, _('_Export for SEP…'))))
        every = wait_for('"Exportar todos los sellados…"',
                         lambda: find(app, lambda n: n.roleName == 'menu item'
                                      and named(n, _('Export _All Sealed…'))))
        wait_for('it enabled', lambda: every.sensitive)
        click(every)
        choose_file(app, _('Export for SEP'), zip_path, save=True)
        wait_for('the zip written', lambda: os.path.exists(zip_path))
        # The toast (libadwaita 1.2 keeps it out of the accessibility tree):
        # seen in the screenshot.
        time.sleep(0.5)
        screenshot('flow-certs-11-exported')
        step('zip exported')

        # Only the chosen one.
        press_on(list_row(page, 'Luis De la Garza Ruiz'))
        wait_for('his detail', lambda: find(page, lambda n: n.roleName == 'label'
                                             and n.name == 'Luis De la Garza Ruiz'
                                             and on_screen(n) and extents(n).x > 400))
        click(wait_for('"Exportar para la SEP…"', lambda: find_button(page, _('_Export for SEP…'))))
        chosen = wait_for('"Exportar los seleccionados…"',
                          lambda: find(app, lambda n: n.roleName == 'menu item'
                                       and named(n, _('Export the _Selected…'))))
        wait_for('it enabled', lambda: chosen.sensitive)
        click(chosen)
        choose_file(app, _('Export for SEP'), one_path, save=True)
        wait_for('the zip written', lambda: os.path.exists(one_path))
        step('the selected one exported')

        rawinput.keyCombo('<Control>q')
        process.wait(timeout=TIMEOUT)
        assert process.returncode == 0, process.returncode
    finally:
        stop(process)

    check_outside(workdir, store, zip_path, ca)
    with zipfile.ZipFile(one_path) as archive:
        assert [m.split('_')[0] for m in archive.namelist()] == ['A002'], archive.namelist()


def check_outside(workdir, store, zip_path, ca):
    listed = json.loads(cli(store, 'certs', 'list', '--json').stdout)
    assert len(listed) == 3, listed
    assert all(c['status'] == 'sellado' for c in listed), [c['status'] for c in listed]
    folios = [c['folio_control'] for c in listed]
    assert all(folios) and len(set(folios)) == 3, folios
    names = sorted(c['name'] for c in listed)
    assert 'Luis De la Garza Ruiz' in names, names

    out = os.path.join(workdir, 'unzipped')
    with zipfile.ZipFile(zip_path) as archive:
        members = archive.namelist()
        assert len(members) == 3, members
        for folio in folios:
            assert any(folio in m for m in members), (folio, members)
        archive.extractall(out)
    xmls = [os.path.join(out, m) for m in members]
    verified = cli(store, 'dec', 'verify', '--json', '--trust-anchor', ca, *xmls, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    step(f'zip: {len(members)} XMLs, each verifies; folios {", ".join(folios)}')

    # The correction as the bitácora keeps it: who, the certificate, the field, the new value.
    audit = json.loads(cli(store, 'audit', '--json').stdout)
    correction = [e for e in audit
                  if e.get('new') == FIXED_SURNAME and 'primerApellido' in (e.get('field') or '')
                  and e.get('entity_id') == 'A002' and e.get('user')]
    assert correction, 'the name correction is not in the bitácora'
    step('the bitácora has the name correction')


def main():
    workdir = tempfile.mkdtemp(prefix='certifica-certs-flow-')
    try:
        certs_flow(workdir)
        step('done')
        return 0
    finally:
        subprocess.run(['rm', '-rf', workdir], check=False)


if __name__ == '__main__':
    sys.exit(main())
