"""Two admin pages that guard participants: two-factor sign-in for staff who see codes,
and the Participant data page where an Administrator exports or erases a code."""

import json
import re
from pathlib import Path

import pytest

from safespace import roles
from tests.browser.helpers import RequestLog, axe_violations, log_in, submit_password
from tests.plugins.enrollment.conftest import (  # noqa: F401  (fixtures)
    agenda_page,
    categories,
    make_activity,
    next_session,
    offer_factory,
    rooms,
    signed_up,
    workshop,
)
from tests.safespace.test_twofactor import current_code

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/admin-security")


def screenshots(page, name):
    """The page as a phone and as a laptop see it; the laptop width stays on."""
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((375, 1000), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)  # the sidebar slides between its phone and laptop forms
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def sign_out(page):
    """Through the account menu in the sidebar, as a person would."""
    page.locator(".sidebar-footer__account-toggle").click()
    page.get_by_role("menuitem", name=re.compile("^(Desconnecta|Log out)$")).or_(
        page.get_by_role("button", name=re.compile("^(Desconnecta|Log out)$"))
    ).first.click()
    page.wait_for_url(re.compile(r"/admin/login/"))


def tab_to(page, selector, limit=80):
    """Press Tab from the top of the page until the element has focus."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return True
    return False


def test_facilitator_sets_up_two_factors_and_signs_in_with_them(page, live_server, home, user_factory, settings):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.SAFESPACE_2FA_REQUIRED = True
    user = user_factory(username="fac", groups=[roles.FACILITATORS])
    base = live_server.url
    log = RequestLog(page, base)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. The password is not enough: she is sent to set up the second step.
    submit_password(page, base, "fac")
    page.wait_for_url(re.compile(r"/admin/2fa/setup/\?next=/admin/$"))
    # One QR code, one form: the admin's icon sprite is icons, not a second copy of this page.
    page.wait_for_load_state("networkidle")
    qr = page.locator("svg.twofactor-qr")
    assert qr.is_visible()
    assert page.locator("#id_token").count() == 1
    assert page.locator("[data-sprite] symbol").count() > 10
    # The QR code is drawn in the page, never fetched from a QR service.
    assert page.locator(".twofactor-qr-wrap img").count() == 0
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = page.locator("code.twofactor-secret").inner_text()
    assert secret and secret in device.config_url
    # Nothing keeps the secret in the browser (Wagtail keeps the sprite in localStorage).
    assert secret not in page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert axe_violations(page) == []
    screenshots(page, "2fa-setup")

    # The code field has the focus, is reachable with Tab, and Enter submits it.
    assert page.evaluate("() => document.activeElement.id") == "id_token"
    assert tab_to(page, "#id_token")
    page.keyboard.type(current_code(device))
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200

    # 2. Ten recovery codes, shown once.
    shown = page.locator("ul.twofactor-codes code").all_inner_texts()
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(shown) == 10 and set(shown) == stored
    device.refresh_from_db()
    assert device.confirmed
    assert axe_violations(page) == []
    screenshots(page, "2fa-recovery-codes")
    page.get_by_role("link", name=re.compile("Ja els he guardat|I have kept them")).click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # 3. A new session asks for the second step.
    sign_out(page)
    submit_password(page, base, "fac")
    page.wait_for_url(re.compile(r"/admin/2fa/verify/\?next=/admin/$"))
    assert page.evaluate("() => document.activeElement.id") == "id_token"
    assert axe_violations(page) == []
    screenshots(page, "2fa-verify")

    # A wrong code: a clear message on the field, no server error.
    assert tab_to(page, "#id_token")
    page.keyboard.type("000000")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    message = page.locator("[data-field]", has=page.locator("#id_token"))
    assert re.search(r"no és correcte|not right", message.inner_text())
    assert page.get_by_role("textbox", name=re.compile("Codi|Code")).evaluate("el => el.id") == "id_token"
    assert axe_violations(page) == []
    screenshots(page, "2fa-verify-wrong")

    # django-otp throttles every device for a second after a wrong code; a person takes longer.
    page.wait_for_timeout(1100)
    code = sorted(stored)[0]
    page.fill("#id_token", code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.get_by_text(re.compile(r"te'n queden 9|9 are left")).is_visible()

    # The same recovery code does not work twice. She signs out from the second step's own link.
    sign_out(page)
    submit_password(page, base, "fac")
    page.wait_for_url(re.compile(r"/admin/2fa/verify/"))
    page.fill("#id_token", code)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    assert re.search(r"no és correcte|not right", page.locator("main").inner_text())
    assert page.get_by_role("button", name=re.compile("^(Tanca la sessió|Sign out)$")).is_visible()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=re.compile("^(Tanca la sessió|Sign out)$")).click()
    page.wait_for_url(re.compile(r"/admin/login/"))
    assert page.goto(f"{base}/admin/").url.startswith(f"{base}/admin/login/")

    assert errors == []
    assert log.foreign() == []


def export(page):
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^(Exporta|Export) \(JSON\)$")).click()
    return download.value


def test_administrator_exports_and_erases_a_code(page, live_server, signed_up, user_factory):  # noqa: F811
    from plugins.enrollment.models import Enrollment

    user_factory(username="admin", groups=[roles.ADMINISTRATORS])
    user_factory(username="fac", groups=[roles.FACILITATORS])
    base = live_server.url
    log = RequestLog(page, base)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. Settings → Participant data.
    log_in(page, base, "admin")
    page.get_by_role("button", name=re.compile("^(Configuració|Settings)$")).click()
    page.get_by_role("link", name=re.compile("^(Dades de participants|Participant data)$")).click()
    page.wait_for_url(re.compile(r"/admin/participant-data/$"))
    assert axe_violations(page) == []
    screenshots(page, "participant-data")

    # 2. What is held about the code, as the JSON file the page offers.
    page.get_by_label(re.compile("(Codi|code)", re.I)).first.fill(" LLUNA ")
    download = export(page)
    assert download.suggested_filename == "participant-lluna.json"
    data = json.loads(Path(download.path()).read_text())
    assert data["code"] == "lluna"
    [record] = data["data"]["enrollment"]["enrollments"]
    assert record["contact"] == "+34 600 000 000"
    assert "sol" not in json.dumps(data["data"])

    # 3. Erasing asks for the confirmation first.
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=re.compile("^(Esborra|Erase)$")).click()
    assert navigation.value.status == 400
    assert Enrollment.objects.filter(code="lluna").exists()
    assert page.get_by_label(re.compile("(Codi|code)", re.I)).first.input_value().strip().lower() == "lluna"
    assert axe_violations(page) == []
    screenshots(page, "participant-data-unconfirmed")
    page.locator("#id_confirm").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=re.compile("^(Esborra|Erase)$")).click()
    page.wait_for_url(re.compile(r"/admin/participant-data/$"))
    assert page.get_by_text(re.compile(r"S'ha esborrat 1 registre|Deleted 1 record")).is_visible()
    assert list(Enrollment.objects.values_list("code", flat=True)) == ["sol"]
    screenshots(page, "participant-data-erased")

    # 4. Nothing is left: the export is empty.
    page.get_by_label(re.compile("(Codi|code)", re.I)).first.fill("lluna")
    assert json.loads(Path(export(page).path()).read_text())["data"] == {}
    assert errors == []
    assert log.foreign() == []

    # 5. A Facilitator has no menu item and no access.
    page.context.clear_cookies()
    log_in(page, base, "fac")
    assert page.locator("a[href='/admin/participant-data/']").count() == 0
    response = page.goto(f"{base}/admin/participant-data/")
    # Wagtail turns the refusal into a redirect to the dashboard with a message (as the matrix's `denied`).
    assert response.status in (403, 404) or page.url == f"{base}/admin/"
    assert page.locator(".messages .error").filter(has_text=re.compile("permís|permission")).is_visible()
    assert page.locator("#id_code").count() == 0
    assert log.foreign() == []
