#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Study Plans section as a registrar uses it, through the accessibility tree.

Starts the built `certifica` on an empty store in a temporary folder, opens
"Study Plans" from the sidebar and sees the empty page. Imports a CSV file
written here (SEP's section-6 columns, NOMBRE_ASIGNATURA's header renamed
"Materia", plus an unknown "Observaciones") through GTK's file chooser
(Ctrl+L, the path). The mapping dialog keeps "Continue" off until
NOMBRE_ASIGNATURA is chosen in the "Materia" row's drop-down, by keyboard:
Space opens it, Shift+Tab reaches its search, the name is typed, Tab and
Enter choose it. The preview says "Import 5 Subjects?" and lists each new
subject; Import fills the table, and one Ctrl+Z would take it all back. Then, by keyboard only, Tab from the search field reaches a subject's
Name cell (through the plans list, which shows each plan it passes, and past
the collapsed plan details), Enter edits it, the new name is typed and saved
to the store; Ctrl+Z puts the old one back, Ctrl+Shift+Z the new one; Ctrl+Q
quits, closing the store, which keeps the five subjects.

Run through tests/ui/run-ui-test.sh (a private D-Bus session, so the AT-SPI
bus is this test's own) under xvfb-run. Exit 77 when the app or AT-SPI are
missing. Screenshots (flow-plans-*.png, flow-plans-timeout.png when a step
times out) go to $CF_FLOW_SCREENSHOTS, else $G_TEST_BUILDDIR/render-out/.
"""

import csv
import os
import sqlite3
import subprocess
import sys
import tempfile

import flow_util as fu

fu.setup('flow-plans', spanish=False)
from flow_util import (TIMEOUT, rawinput, step, screenshot, wait_for, extents, on_screen,  # noqa: E402
                       find, find_label, find_label_containing, find_button, find_window,
                       text_of, focused, click, point_at, start_app, stop, choose_file,
                       open_section)

# SEP's section-6 columns in the workbook's order (src/core/plan/cf-plan-columns.c),
# NOMBRE_ASIGNATURA renamed and one column SEP does not have.
HEADERS = ['ID_INSTITUCION', 'NOMBRE_INSTITUCION', 'ID_CAMPUS', 'CAMPUS', 'ID_ENTIDAD',
           'ID_CARRERA', 'CLAVE_CARRERA', 'NOMBRE_CARRERA', 'CLAVE_PLAN', 'NO_RVOE',
           'FECHA_RVOE', 'ID_TIPO_PERIODO', 'ID_NIVEL_ESTUDIOS', 'CALIFICACION_MINIMA',
           'CALIFICACION_MAXIMA', 'CALIFICACION_MINIMA_APROBATORIA', 'TOTAL_ASIGNATURAS',
           'TOTAL_CREDITOS', 'ID_ASIGNATURA', 'CLAVE_ASIGNATURA', 'Materia',
           'ID_TIPO_ASIGNATURA', 'CREDITOS', 'PERIODO', 'ESTATUS_PLAN', 'Observaciones']
# The five subjects of tests/core/test-plan-fixture.h.
LAW = ['090123', 'UNIVERSIDAD EJEMPLO', '090101', 'ÚNICO', '09', '101', '621317',
       'LICENCIATURA EN DERECHO', '2018', '20180409', '2018-04-09', '91', '81', '5', '10', '6',
       '3', '24']
PSYCHOLOGY = ['090123', 'UNIVERSIDAD EJEMPLO', '090101', 'ÚNICO', '09', '102', '621318',
              'LICENCIATURA EN PSICOLOGÍA', '2020', 'ACUERDO 1980', '2020-01-15', '93', '81',
              '0', '100', '70', '2', '12.5']
ROWS = [
    LAW + ['1001', 'DER101', 'INTRODUCCIÓN AL DERECHO', '263', '8', '1', 'VIGENTE', 'revisar'],
    LAW + ['1002', 'DER102', 'DERECHO ROMANO', '263', '8', '1', 'VIGENTE', ''],
    LAW + ['1003', 'DER201', 'TEORÍA DEL ESTADO', '263', '8', '2', 'VIGENTE', ''],
    PSYCHOLOGY + ['2001', 'PSI101', 'BASES BIOLÓGICAS', '263', '6.5', '1', 'VIGENTE', ''],
    PSYCHOLOGY + ['2002', 'PSI102', 'PSICOLOGÍA GENERAL', '264', '6', '1', 'VIGENTE', ''],
]
NAMES = [row[HEADERS.index('Materia')] for row in ROWS]
# Typed as a registrar would; ASCII, so any keyboard layout types it.
NEW_NAME = 'SEMINARIO DE TITULACION'


def identity(node):
    box = extents(node)
    return (node.roleName, node.name, box.x, box.y, box.width, box.height)


def stored_names(store):
    # Read-only, beside the app's own connection (the store is in WAL mode).
    connection = sqlite3.connect(f'file:{store}?mode=ro', uri=True, timeout=10)
    try:
        return [row[0] for row in connection.execute(
            'SELECT s.nombre_asignatura FROM plan_subject s JOIN plan_plan p ON p.id = s.plan_id '
            'JOIN plan_career c ON c.id = p.career_id ORDER BY c.ord, p.ord, s.ord')]
    finally:
        connection.close()


def open_plans(app):
    open_section(app, 'Study Plans')
    return wait_for('the Study Plans page',
                    lambda: find(app, lambda n: n.name == 'CfPlansPage' and on_screen(n)))


def map_materia(app):
    """Chooses NOMBRE_ASIGNATURA for the "Materia" column, by keyboard."""
    dialog = wait_for('the mapping dialog', lambda: find_window(app, 'Match the File’s Columns'))
    wait_for('the missing column named',
             lambda: find_label(dialog, 'Missing required column: NOMBRE_ASIGNATURA. '
                                        'Choose it for the file column that holds it.'))
    cont = wait_for('"Continue"', lambda: find_button(dialog, 'Continue'))
    assert not cont.sensitive, 'Continue is on with a required column missing'

    row = wait_for('the "Materia" row',
                   lambda: find(dialog, lambda n: n.roleName == 'list item' and n.name == 'Materia'))
    assert find_label(row, 'Column U · e.g. “INTRODUCCIÓN AL DERECHO”'), 'no sample for Materia'
    assert find_label(row, 'Not recognised'), 'Materia not said to be unknown'
    drop_down = find(row, lambda n: n.roleName == 'combo box')
    assert drop_down is not None and drop_down.name.startswith('Materia'), drop_down
    assert find_label(drop_down, 'Ignore'), 'Materia is not ignored at first'
    other = find(dialog, lambda n: n.roleName == 'list item' and n.name == 'Observaciones')
    assert other is not None and find_label(other, 'Not recognised'), 'Observaciones not listed'
    screenshot('flow-plans-mapping')
    step('mapping: Continue off, “Materia” and “Observaciones” not recognised')

    # The dialog starts on the drop-down to change.
    point_at(dialog)
    wait_for('the focus on the Materia drop-down', lambda: focused(drop_down))
    rawinput.pressKey('space')
    popover = wait_for('the drop-down list',
                       lambda: find(drop_down, lambda n: n.name == 'GtkPopover' and on_screen(n)))
    # Its own surface: keys go to it under the pointer.
    point_at(popover)
    search = find(popover, lambda n: n.roleName == 'entry')
    wait_for('the focus on the current choice',
             lambda: find(popover, lambda n: n.roleName == 'list item' and n.focused))
    # The search field sits before the list (GTK 4.8 types nothing into it
    # from the list).
    rawinput.keyCombo('<Shift>Tab')
    wait_for('the focus in the search field', lambda: search.focused)
    rawinput.typeText('NOMBRE_ASIG')
    wait_for('the list filtered',
             lambda: find_label_containing(popover, '(NOMBRE_ASIGNATURA)')
             and not find_label_containing(popover, '(ID_INSTITUCION)'))
    screenshot('flow-plans-drop-down')
    rawinput.pressKey('Tab')
    wait_for('the focus on the match',
             lambda: find(popover, lambda n: n.roleName == 'list item' and n.focused))
    rawinput.pressKey('Return')
    wait_for('NOMBRE_ASIGNATURA chosen for Materia',
             lambda: find_label_containing(drop_down, '(NOMBRE_ASIGNATURA)') and not find_label(drop_down, 'Ignore'))
    wait_for('every column matched',
             lambda: find_label(dialog, 'Every required column has its file column. '
                                        '1 column of the file is ignored.'))
    wait_for('"Continue" on', lambda: cont.sensitive)
    point_at(dialog)
    screenshot('flow-plans-mapped')
    step('NOMBRE_ASIGNATURA chosen for “Materia”, Continue on')
    click(cont)
    wait_for('the mapping dialog to close',
             lambda: find_window(app, 'Match the File’s Columns') is None)


def tab_to_name_cell(page, frame):
    """Tab from the search field until a subject's Name cell has the focus."""
    point_at(frame)
    rawinput.keyCombo('<Control>f')
    wait_for('the focus in the search field',
             lambda: find(page, lambda n: n.roleName == 'entry' and n.focused
                          and n.name == 'Search subjects by ID, key or name'))
    stops = []
    last = None
    for _ in range(30):
        rawinput.pressKey('Tab')
        # The next stop, not the last one reported again. (Every stop is
        # in the page; looking only there is quicker.)
        try:
            node = wait_for('the focus to move', lambda: (lambda n: n if n and identity(n) != last else None)
                            (focused(page)))
        except AssertionError:
            raise AssertionError('Tab left the page or stopped after: ' + ', '.join(stops))
        last = identity(node)
        stops.append(f'{node.roleName} “{node.name}”')
        if node.name == 'Name' and 'Text' in node.get_interfaces():
            return node, stops
    raise AssertionError('Tab never reached a subject’s Name cell: ' + ', '.join(stops))


def plans_flow(workdir):
    csv_path = os.path.join(workdir, 'programa-de-estudios.csv')
    with open(csv_path, 'w', newline='', encoding='utf-8') as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(ROWS)
    store = os.path.join(workdir, 'certifica.db')

    process, app = start_app(store)
    try:
        frame = wait_for('the main window',
                         lambda: next((c for c in app.children if c.roleName == 'frame'), None))

        # 1. The empty section.
        page = open_plans(app)
        wait_for('"No Study Plans Yet"', lambda: find_label(page, 'No Study Plans Yet'))
        import_button = wait_for('"Import…"', lambda: find_button(page, 'Import…'))
        wait_for('"Start With a New Career"', lambda: find_button(page, 'Start With a New Career'))
        screenshot('flow-plans-empty')
        step('empty page shown')

        # 2. Import, mapping "Materia" by hand.
        click(import_button)
        choose_file(app, 'Import Study Plans', csv_path)
        map_materia(app)

        preview = wait_for('the preview', lambda: find_window(app, 'Import 5 Subjects?'))
        wait_for('the first new subject in the preview',
                 lambda: find_label(preview, 'New subject: INTRODUCCIÓN AL DERECHO'))
        assert find_label_containing(preview, 'will be the study plans'), 'not a first import'
        assert not find_label_containing(preview, 'left out'), 'rows left out'
        screenshot('flow-plans-preview')
        step('preview: 5 subjects, none left out')
        click(wait_for('"Import"', lambda: find_button(preview, 'Import')))
        wait_for('the preview to close', lambda: find_window(app, 'Import 5 Subjects?') is None)

        table = wait_for('the subjects table',
                         lambda: find(page, lambda n: n.name == 'Subjects of the plan' and on_screen(n)))
        wait_for('the first plan on show',
                 lambda: find_label(page, 'LICENCIATURA EN DERECHO — Plan 2018'))
        for name in NAMES[:3]:
            wait_for(f'the cell "{name}"',
                     lambda name=name: find(table, lambda n: n.name == 'Name' and on_screen(n)
                                            and 'Text' in n.get_interfaces() and text_of(n) == name))
        assert stored_names(store) == NAMES, stored_names(store)
        screenshot('flow-plans-table')
        step(f'{len(NAMES)} subjects imported and stored')

        # 3. A name edited by keyboard: Tab to its cell, Enter, type, Enter.
        cell, stops = tab_to_name_cell(page, frame)
        step('Tab stops: ' + ', '.join(stops))
        old_name = text_of(cell)
        assert old_name in NAMES, old_name
        # GTK 4.8 shows nothing of the editing in the tree (no entry, no
        # focus), but the cell's text follows what is typed.
        rawinput.pressKey('Return')
        rawinput.keyCombo('<Control>a')
        rawinput.typeText(NEW_NAME)
        wait_for('the new name typed in the cell', lambda: text_of(cell) == NEW_NAME)
        assert not find_label(cell, NEW_NAME), 'the cell was not being edited'
        screenshot('flow-plans-editing')
        rawinput.pressKey('Return')
        wait_for('the cell to show the new name', lambda: find_label(cell, NEW_NAME))
        edited = [NEW_NAME if name == old_name else name for name in NAMES]
        wait_for('the new name in the store', lambda: stored_names(store) == edited)
        screenshot('flow-plans-edited')
        step(f'“{old_name}” renamed, in the store too')

        # 4. Ctrl+Z puts the old name back, Ctrl+Shift+Z the new one.
        rawinput.keyCombo('<Control>z')
        wait_for('the old name back', lambda: text_of(cell) == old_name)
        wait_for('the old name back in the store', lambda: stored_names(store) == NAMES)
        screenshot('flow-plans-undone')
        rawinput.keyCombo('<Control><Shift>z')
        wait_for('the new name again', lambda: text_of(cell) == NEW_NAME)
        wait_for('the new name again in the store', lambda: stored_names(store) == edited)
        step('undone and redone')

        # 5. Quit; the store keeps the five subjects, as edited.
        rawinput.keyCombo('<Control>q')
        process.wait(timeout=TIMEOUT)
        step(f'app quit with {process.returncode}')
        assert process.returncode == 0, process.returncode
        # Closed cleanly: the write-ahead log is folded back in.
        assert not os.path.exists(store + '-wal'), 'the store was left open'
        assert stored_names(store) == edited, stored_names(store)
    finally:
        stop(process)


def main():
    workdir = tempfile.mkdtemp(prefix='certifica-flow-')
    try:
        plans_flow(workdir)
        return 0
    finally:
        subprocess.run(['rm', '-rf', workdir], check=False)


if __name__ == '__main__':
    sys.exit(main())
