# SPDX-License-Identifier: GPL-3.0-or-later
"""What every AT-SPI flow needs: the checks that skip (77) when the app,
the display, the accessibility bus or dogtail are missing; the app's own
Spanish catalog; and the ways a person finds, waits for, clicks and types
into widgets through the accessibility tree (dogtail, pyatspi).

    import flow_util as fu
    fu.setup('flow-incorporation')        # skips when something is missing
    _ = fu._
    process, app = fu.start_app(store, {'LANGUAGE': 'es_MX:es', ...})
    fu.click(fu.wait_for('Continuar', lambda: fu.find_button(app, _('_Continue'))))
"""

import gettext
import os
import subprocess
import sys
import time

SKIP = 77
# Seconds to wait for each step; raise it for slow builds (sanitizers).
TIMEOUT = int(os.environ.get('CF_FLOW_TIMEOUT', '60'))
POLL = 0.1

app_path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('CERTIFICA_BIN')
cli_path = os.environ.get('CF_CLI')
localedir = os.environ.get('CF_LOCALEDIR')
screenshot_dir = os.environ.get('CF_FLOW_SCREENSHOTS')
if not screenshot_dir and os.environ.get('G_TEST_BUILDDIR'):
    screenshot_dir = os.path.join(os.environ['G_TEST_BUILDDIR'], 'render-out')

app_process = None
STARTED = time.monotonic()
_prefix = 'flow'
catalog = None


def _(text):
    return catalog.gettext(text) if catalog is not None else text


def ngettext(singular, plural, n):
    return catalog.ngettext(singular, plural, n) if catalog is not None else (singular if n == 1 else plural)


def skip(why):
    print(f'{why}: skipped')
    sys.exit(SKIP)


def setup(prefix, need_cli=False, need_keyring=False, spanish=True):
    """Skips (77) unless everything the flow needs is here; then loads
    dogtail, pyatspi and the Spanish catalog into this module."""
    global _prefix, catalog, rawinput, root, SearchError, pyatspi, Gio, GLib
    _prefix = prefix
    if not app_path or not os.path.exists(app_path):
        skip('CERTIFICA_BIN does not name the built app')
    if need_cli and (not cli_path or not os.path.exists(cli_path)):
        skip('CF_CLI does not name the built certifica-cli')
    if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        skip('no display (run under xvfb-run)')
    if need_keyring and not os.environ.get('CF_UI_TEST_KEYRING'):
        skip('no gnome-keyring-daemon in this session')
    if spanish:
        try:
            catalog = gettext.translation('certifica', localedir=localedir, languages=['es'])
        except (OSError, TypeError):
            skip('the Spanish catalog is not built ($CF_LOCALEDIR)')
    try:
        from gi.repository import Gio as _Gio, GLib as _GLib
        Gio, GLib = _Gio, _GLib
        session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = session.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                                  None, GLib.VariantType.new('(s)'), Gio.DBusCallFlags.NONE,
                                  10000, None)
        os.environ['AT_SPI_BUS_ADDRESS'] = reply.unpack()[0]
    except Exception as error:  # pragma: no cover
        skip(f'no accessibility bus on this session ({error})')
    try:
        from dogtail.config import config
        config.checkForA11y = False
        config.searchCutoffCount = 5
        config.typingDelay = 0.03
        config.defaultDelay = 0.1
        config.actionDelay = 0.1
        config.logDebugToFile = False
        from dogtail import rawinput as _rawinput
        from dogtail.tree import root as _root, SearchError as _SearchError
        import pyatspi as _pyatspi
        rawinput, root, SearchError, pyatspi = _rawinput, _root, _SearchError, _pyatspi
    except Exception as error:  # pragma: no cover
        skip(f'dogtail cannot be used ({error})')


def step(text):
    print(f'[{time.monotonic() - STARTED:5.1f} s] {text}', flush=True)


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f'{args[0]} failed ({result.returncode}): {result.stderr}')
    return result


def make_signer(folder, password):
    """fiel.cer / fiel.key (@password) as the sealing tests make them
    (tests/cf-test-ca.h): a SAT-shaped subject, issued by a new CA, ca.pem."""
    script = r'''
set -e
d=$1
cat > "$d/t.tmpl" <<T
cn = "draft"
serial = 1
activation_date = "2016-01-01 00:00:00"
expiration_date = "2040-01-01 00:00:00"
signing_key
non_repudiation
data_encipherment
key_agreement
email_protection_key
tls_www_client
T
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/plain.pem" 2>/dev/null
certtool --generate-self-signed --load-privkey "$d/plain.pem" --template "$d/t.tmpl" --outfile "$d/draft.pem" >/dev/null 2>&1
openssl x509 -in "$d/draft.pem" -signkey "$d/plain.pem" -preserve_dates \
  -set_serial 0x3330303031303030303030353030303033343536 \
  -subj "/CN=MARIA DE LA LUZ PEREZ LOPEZ/name=MARIA DE LA LUZ PEREZ LOPEZ/O=MARIA DE LA LUZ PEREZ LOPEZ/C=MX/emailAddress=prueba@example.mx/x500UniqueIdentifier=PELM800101AB1/serialNumber=PELM800101MDFRPR01" \
  -outform DER -out "$d/fiel.cer"
openssl pkcs8 -topk8 -in "$d/plain.pem" -outform DER -v2 des3 -v2prf hmacWithSHA1 -passout "pass:$2" -out "$d/fiel.key"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/ca.ca-key" 2>/dev/null
printf 'cn = "Universidad CA"\norganization = "Certifica tests"\nca\ncert_signing_key\ncrl_signing_key\nactivation_date = "2000-01-01 00:00:00"\nexpiration_date = "2045-01-01 00:00:00"\n' > "$d/ca.tmpl"
certtool --generate-self-signed --load-privkey "$d/ca.ca-key" --template "$d/ca.tmpl" --outfile "$d/ca.pem" >/dev/null 2>&1
printf 'keyUsage=critical,digitalSignature,nonRepudiation,dataEncipherment,keyAgreement\nextendedKeyUsage=emailProtection,clientAuth\n' > "$d/ext"
serial=$(openssl x509 -in "$d/fiel.cer" -inform DER -noout -serial | cut -d= -f2)
openssl x509 -in "$d/fiel.cer" -inform DER -CA "$d/ca.pem" -CAkey "$d/ca.ca-key" -set_serial "0x$serial" \
  -preserve_dates -clrext -extfile "$d/ext" -outform DER -out "$d/issued.cer"
mv "$d/issued.cer" "$d/fiel.cer"
rm -f "$d/plain.pem" "$d/draft.pem" "$d/t.tmpl" "$d/ca.tmpl" "$d/ext" "$d/ca.ca-key"
'''
    run(['sh', '-c', script, 'sh', folder, password])
    return (os.path.join(folder, 'fiel.cer'), os.path.join(folder, 'fiel.key'),
            os.path.join(folder, 'ca.pem'))


def screenshot(name):
    if screenshot_dir:
        os.makedirs(screenshot_dir, exist_ok=True)
        subprocess.run(['import', '-window', 'root', os.path.join(screenshot_dir, name + '.png')],
                       check=False)


def wait_for(what, find_it, timeout=None):
    deadline = time.monotonic() + (timeout or TIMEOUT)
    last_error = None
    while time.monotonic() < deadline:
        if app_process is not None and app_process.poll() is not None:
            raise AssertionError(f'the app exited with {app_process.returncode} '
                                 f'while waiting for {what}')
        try:
            found = find_it()
            if found:
                return found
        except (SearchError, LookupError, RuntimeError, GLib.Error) as error:
            last_error = error
        time.sleep(POLL)
    screenshot(f'{_prefix}-timeout')
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


def find_all(node, test):
    return node.findChildren(test)


def find_label(node, text):
    return find(node, lambda n: n.roleName == 'label' and n.name == text and on_screen(n))


def find_label_containing(node, text):
    return find(node, lambda n: n.roleName == 'label' and text in (n.name or '') and on_screen(n))


def plain(text):
    return (text or '').replace('_', '')


def named(node, text):
    # GTK 4.8 names a widget with a mnemonic "_Importar… Importar…" unless
    # the app resets it: either way the text is there.
    name, wanted = plain(node.name), plain(text)
    return name == wanted or name == f'{wanted} {wanted}'


def find_button(node, text, roles=('push button', 'toggle button')):
    return find(node, lambda n: n.roleName in roles and named(n, text) and on_screen(n))


def find_window(app, title):
    # GTK 4.8 exposes dialogs with varying roles: match the title.
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


def click(node):
    # The AT-SPI "click" action, as an assistive tool would.
    node.doActionNamed('click')


def center(node):
    box = extents(node)
    return box.x + box.width // 2, box.y + box.height // 2


def point_at(node):
    try:
        x, y = center(node)
    except NotImplementedError:
        x, y = 100, 100
    rawinput.absoluteMotion(max(x, 10), max(y, 10))


def press_on(node):
    # Xvfb has no window manager: the app's windows sit at the top-left
    # corner, so window coordinates are the screen's.
    x, y = center(node)
    rawinput.click(x, y)


def text_field(node, title):
    """The text field named @title (an entry row, by its title)."""
    return wait_for(f'the "{title}" field',
                    lambda: find(node, lambda n: n.name == title and 'Text' in n.get_interfaces()
                                 and n.roleName != 'label' and on_screen(n)))


def type_into(node, text, replace=True, enter=False):
    """Types @text as a person would: a click into the field, then the keys
    (the field's old text selected and replaced)."""
    point_at(node)
    press_on(node)
    # GTK 4.8 does not always say which text has the focus: a moment for it.
    time.sleep(0.5)
    if replace:
        rawinput.keyCombo('<Control>a')
    rawinput.typeText(text)
    wait_for(f'"{text}" typed', lambda: text in text_of(node))
    if enter:
        rawinput.pressKey('Return')


def start_app(store, env_extra=None):
    global app_process
    env = dict(os.environ)
    env.update(env_extra or {})
    env['CERTIFICA_STORE'] = store
    env.pop('NO_AT_BRIDGE', None)
    if env.get('GTK_A11Y') == 'none':
        env.pop('GTK_A11Y')
    if 'ASAN_OPTIONS' in env:
        env['ASAN_OPTIONS'] += ':detect_leaks=0'
    command = [app_path]
    if os.environ.get('CF_FLOW_GDB'):   # a backtrace when the app stops on a critical
        command = ['gdb', '-q', '-batch', '-ex', 'run', '-ex', 'thread apply all bt 25', '--args', app_path]
    process = subprocess.Popen(command, env=env)
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
        skip(f'AT-SPI does not show the app: {error}')
    return process, app


def stop(process):
    global app_process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)
    if app_process is process:
        app_process = None


def quit_app(process, app):
    """Ctrl+Q, as a person quits; the app must end by itself, with 0."""
    global app_process
    point_at(app.children[0])
    rawinput.keyCombo('<Control>q')
    process.wait(timeout=TIMEOUT)
    app_process = None
    assert process.returncode == 0, f'the app quit with {process.returncode}'


def choose_file(app, title, path, save=False):
    chooser = wait_for(f'the "{title}" file chooser', lambda: find_window(app, title))
    point_at(chooser)
    wait_for('the chooser to take the focus', lambda: focused(chooser))
    if save:
        # The name field has the focus, its suggested name selected: a
        # whole path typed there is where the file goes.
        rawinput.keyCombo('<Control>a')
    else:
        rawinput.keyCombo('<Control>l')
    entry = wait_for('the location entry',
                     lambda: find(chooser, lambda n: n.focused and 'Text' in n.get_interfaces()))
    rawinput.typeText(path)
    # The entry may complete the name after the path typed.
    wait_for('the path typed', lambda: path in text_of(entry))
    # GTK 4.8's chooser drops a Return that comes before it has looked at
    # the typed text (from an idle, nothing the tree shows). 50 ms was
    # enough here; a busy machine gets ten times that.
    time.sleep(0.5)
    rawinput.pressKey('Return')
    # GTK 4.8 once stopped on a critical (g_variant_is_object_path: string
    # != NULL, with fatal-criticals) while the tree was read as the chooser
    # went away: leave it a moment before asking again.
    time.sleep(1)
    wait_for('the chooser to close', lambda: find_window(app, title) is None)
    step(f'“{os.path.basename(path)}” chosen')


def open_section(app, title):
    """Selects the section @title in the window's sidebar."""
    sections = wait_for('the sidebar', lambda: find(app, lambda n: n.roleName == 'list'
                                                     and n.name == _('Sections')))
    rows = sections.children
    index = next(i for i, row in enumerate(rows) if find_label(row, title))
    sections.querySelection().selectChild(index)
