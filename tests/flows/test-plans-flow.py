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
import time

SKIP = 77
# Seconds to wait for each step; raise it for slow builds (sanitizers).
TIMEOUT = int(os.environ.get('CF_FLOW_TIMEOUT', '60'))
# How often conditions are polled.
POLL = 0.1

app_path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('CERTIFICA_BIN')
screenshot_dir = os.environ.get('CF_FLOW_SCREENSHOTS')
if not screenshot_dir and os.environ.get('G_TEST_BUILDDIR'):
    screenshot_dir = os.path.join(os.environ['G_TEST_BUILDDIR'], 'render-out')

if not app_path or not os.path.exists(app_path):
    print('CERTIFICA_BIN does not name the built app: skipped')
    sys.exit(SKIP)
if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
    print('no display (run under xvfb-run): skipped')
    sys.exit(SKIP)

# The accessibility bus of this test's own D-Bus session, not the one the X
# root window may name for another test on the same Xvfb.
try:
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
    # Every step below waits for its effect: dogtail's own pauses after each
    # key (0.1 s), key combination (0.5 s) and action (1 s) only slow it.
    config.typingDelay = 0.03
    config.defaultDelay = 0.1
    config.actionDelay = 0.1
    config.logDebugToFile = False
    from dogtail import rawinput
    from dogtail.tree import root, SearchError
    import pyatspi
except Exception as error:  # pragma: no cover
    print(f'dogtail cannot be used ({error}): skipped')
    sys.exit(SKIP)

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


# The app under test, once started: a wait stops when it has died.
app_process = None


def wait_for(what, find, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if app_process is not None and app_process.poll() is not None:
            raise AssertionError(f'the app exited with {app_process.returncode} '
                                 f'while waiting for {what}')
        try:
            found = find()
            if found:
                return found
        except (SearchError, LookupError, RuntimeError, GLib.Error) as error:
            last_error = error
        time.sleep(POLL)
    screenshot('flow-plans-timeout')
    raise AssertionError(f'timed out waiting for {what} ({last_error})')


def extents(node):
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def on_screen(node):
    # GTK 4.8 sets no SHOWING state; a widget never drawn has no size. (A
    # stack page once shown keeps its last size: look inside the page on show.)
    try:
        box = extents(node)
    except NotImplementedError:
        return True
    return box.width > 0 and box.height > 0


def find(node, test):
    return node.findChild(test, retry=False, requireResult=False)


def find_label(node, text):
    return find(node, lambda n: n.roleName == 'label' and n.name == text and on_screen(n))


def find_label_containing(node, text):
    return find(node, lambda n: n.roleName == 'label' and text in (n.name or '') and on_screen(n))


def button_named(node, text):
    # GTK 4.8 names a button with a mnemonic "_Import… Import…" (its raw
    # label, then its label's text) unless the app resets it
    # (cf_accessible_fix_mnemonic_buttons); either way the text is there.
    name = node.name or ''
    return name == text or (name.replace('_', '') == f'{text} {text}' and '_' in name)


def find_button(node, text):
    return find(node, lambda n: n.roleName == 'push button' and button_named(n, text) and on_screen(n))


def find_window(app, title):
    for child in app.children:
        if child.name == title:
            return child
    return None


def text_of(node):
    # GTK 4.8 answers GetText(0, -1) with nothing: ask for the count.
    text = node.queryText()
    return text.getText(0, text.characterCount)


def focused(node):
    return find(node, lambda n: n.focused)


def identity(node):
    box = extents(node)
    return (node.roleName, node.name, box.x, box.y, box.width, box.height)


def click(node):
    # The AT-SPI "click" action, as an assistive tool would.
    node.doActionNamed('click')


def point_at(node):
    # Xvfb runs no window manager: every window sits at the top-left corner
    # and keys go to the window under the pointer. Put it over @node.
    try:
        box = extents(node)
        x, y = box.x + box.width // 2, box.y + box.height // 2
    except NotImplementedError:
        x, y = 100, 100
    rawinput.absoluteMotion(max(x, 10), max(y, 10))


def screenshot(name):
    if screenshot_dir:
        os.makedirs(screenshot_dir, exist_ok=True)
        subprocess.run(['import', '-window', 'root', os.path.join(screenshot_dir, name + '.png')],
                       check=False)


def stored_names(store):
    # Read-only, beside the app's own connection (the store is in WAL mode).
    connection = sqlite3.connect(f'file:{store}?mode=ro', uri=True, timeout=10)
    try:
        return [row[0] for row in connection.execute(
            'SELECT s.nombre_asignatura FROM plan_subject s JOIN plan_plan p ON p.id = s.plan_id '
            'JOIN plan_career c ON c.id = p.career_id ORDER BY c.ord, p.ord, s.ord')]
    finally:
        connection.close()


STARTED = time.monotonic()


def step(text):
    print(f'[{time.monotonic() - STARTED:5.1f} s] {text}', flush=True)


def start_app(store):
    global app_process
    env = dict(os.environ)
    env['CERTIFICA_STORE'] = store
    env.pop('NO_AT_BRIDGE', None)
    if env.get('GTK_A11Y') == 'none':
        env.pop('GTK_A11Y')
    # In a sanitizer build: GTK 4.8's own file chooser leaks, so leaks are
    # left to the widget tests, which never open it.
    if 'ASAN_OPTIONS' in env:
        env['ASAN_OPTIONS'] += ':detect_leaks=0'
    process = subprocess.Popen([app_path], env=env)
    app_process = process
    try:
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


def open_plans(app):
    sections = wait_for('the sidebar', lambda: find(app, lambda n: n.roleName == 'list'
                                                     and n.name == 'Sections'))
    rows = sections.children
    index = next(i for i, row in enumerate(rows) if find_label(row, 'Study Plans'))
    # As a screen reader selects a row.
    sections.querySelection().selectChild(index)
    return wait_for('the Study Plans page',
                    lambda: find(app, lambda n: n.name == 'CfPlansPage' and on_screen(n)))


def choose_file(app, title, path):
    chooser = wait_for(f'the "{title}" file chooser', lambda: find_window(app, title))
    point_at(chooser)
    # Ready for keys once it has put the focus somewhere.
    wait_for('the chooser to take the focus', lambda: focused(chooser))
    # GTK's file chooser opens its location entry with Ctrl+L.
    rawinput.keyCombo('<Control>l')
    entry = wait_for('the location entry',
                     lambda: find(chooser, lambda n: n.focused and 'Text' in n.get_interfaces()))
    rawinput.typeText(path)
    wait_for('the path typed', lambda: text_of(entry).startswith(path))
    # GTK 4.8's chooser drops a Return that comes before it has looked at
    # the typed text (from an idle, nothing the tree shows). 50 ms was
    # enough here; a busy machine gets ten times that.
    time.sleep(0.5)
    rawinput.pressKey('Return')
    wait_for('the chooser to close', lambda: find_window(app, title) is None)
    step(f'“{os.path.basename(path)}” chosen')


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
