"""Demo content for the site itself, and helpers that every app's demo uses.

Each installed app may have a ``demo`` module with ``load_demo(*, stdout)``;
``manage.py load_demo_data`` calls them in INSTALLED_APPS order, this one
first. Everything goes through the same calls the admin makes (add_child,
save_revision, publish, copy_for_translation), and every step is skipped when
its result is already there, so loading twice changes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from wagtail.models import Locale, Page, Site

from . import roles
from .addresses import public_base

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
DEMO_PASSWORD_SUFFIX = "-demo-2026"

DEMO_USERS = [
    # username, group (None: superuser), display name
    ("admin", None, "Admin"),
    ("facilitator", roles.FACILITATORS, "Facilitator"),
    ("communications", roles.COMMUNICATIONS, "Comms"),
    ("reviewer", roles.COMMUNICATIONS, "Reviewer"),
    ("counter", roles.COUNTERS, "Counter"),
    ("administrator", roles.ADMINISTRATORS, "Administrator"),
]


def default_home():
    """The default space's home page (in the default language): every app's demo builds under it.

    Not "the HomePage at depth 2": with several spaces there is one per space.
    """
    from .models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return HomePage.objects.get(pk=site.root_page_id)


_indexing = threading.local()


@contextlib.contextmanager
def indexing_once():
    """Bring Wagtail's search index and reference index up to date once, at the end.

    Wagtail updates both after every save (a django-tasks task, run at once): the demo
    saves each page several times (created, revised, published, translated), so most
    of its loading time went there. Inside this block the saves are noted instead, and
    each object saved is indexed once when the block ends, with the same two tasks, so
    the indexes end as they would have. Re-entrant: an app's ``load_demo`` inside
    ``load_demo_data`` indexes nothing of its own.
    """
    if getattr(_indexing, "saved", None) is not None:
        yield
        return
    from django.db.models.signals import post_delete, post_save
    from modelsearch import index
    from modelsearch.signal_handlers import post_save_signal_handler
    from modelsearch.tasks import insert_or_update_object_task
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update
    from wagtail.tasks import update_reference_index_task

    searched = {model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)}
    saved = _indexing.saved = {}

    def note(sender, instance, raw=False, **kwargs):
        if raw:  # as Wagtail's own handlers: fixtures are not indexed
            return
        tasks = [t for t, watched in ((insert_or_update_object_task, searched),
                                      (update_reference_index_task, ReferenceIndex.tracked_models))
                 if sender in watched]
        for task in tasks:
            saved[(task, sender._meta.app_label, sender._meta.model_name, str(instance.pk))] = None

    def forget(sender, instance, **kwargs):  # what Wagtail does on delete, switched off with the saves
        if sender in ReferenceIndex.tracked_models:
            ReferenceIndex.remove_for_object(instance)
            ReferenceIndex.remove_references_to(instance)

    for model in searched:
        post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(note, weak=False, dispatch_uid="safespace.demo.indexing_once")
    post_delete.connect(forget, weak=False, dispatch_uid="safespace.demo.indexing_once")
    finished = False
    try:
        with disable_reference_index_auto_update():
            yield
        finished = True
    finally:
        post_save.disconnect(dispatch_uid="safespace.demo.indexing_once")
        post_delete.disconnect(dispatch_uid="safespace.demo.indexing_once")
        for model in searched:
            post_save.connect(post_save_signal_handler, sender=model)
        _indexing.saved = None
        try:  # after a failure too: what an app's demo committed before it is indexed
            for task, app_label, model_name, pk in saved:
                with contextlib.suppress(ObjectDoesNotExist):  # saved, then deleted or rolled back
                    task.call(app_label, model_name, pk)
        except Exception:
            if finished:
                raise  # else the failure that ended the block is the one to report


def indexed_once(load):
    """``indexing_once`` around an app's ``load_demo``."""

    @functools.wraps(load)
    def wrapper(*args, **kwargs):
        with indexing_once():
            return load(*args, **kwargs)

    return wrapper


def demo_password(username: str) -> str:
    return f"{username}{DEMO_PASSWORD_SUFFIX}"


def locales() -> dict[str, Locale]:
    result = {}
    for code, _name in settings.LANGUAGES:
        result[code], _ = Locale.objects.get_or_create(language_code=code)
    return result


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def page_in_languages(*, parent: Page, model, slug: str, fields: dict[str, dict]) -> dict[str, Page]:
    """Create ``model`` under ``parent`` in the default language, then its
    translations; ``fields`` maps a language code to the page's fields.

    Returns the page per language. Existing pages are left as they are.
    """
    all_locales = locales()
    default = parent.get_translations(inclusive=True).get(locale=all_locales[DEFAULT_LANGUAGE])
    source = model.objects.child_of(default).filter(slug=slug).first()
    if source is None:
        source = model(slug=slug, locale=all_locales[DEFAULT_LANGUAGE], **fields[DEFAULT_LANGUAGE])
        default.add_child(instance=source)
        publish(source)
    pages = {DEFAULT_LANGUAGE: source}
    for code, values in fields.items():
        if code == DEFAULT_LANGUAGE:
            continue
        translated = source.get_translations().filter(locale=all_locales[code]).first()
        if translated is None:
            translated = source.copy_for_translation(all_locales[code], copy_parents=True)
            for name, value in values.items():
                setattr(translated, name, value)
            translated.slug = values.get("slug", slug)
            translated.save()
            publish(translated)
        pages[code] = translated.specific
    return pages


def snippet_in_languages(*, model, fields: dict[str, dict], space: dict | None = None):
    """One translatable snippet per language, sharing a translation key.

    ``space``: for a snippet that belongs to a space (the menu, the footer), {"site": site}."""
    all_locales = locales()
    space = space or {}
    source = model.objects.filter(locale=all_locales[DEFAULT_LANGUAGE], **space).first()
    if source is None:
        source = model.objects.create(locale=all_locales[DEFAULT_LANGUAGE], **space, **fields[DEFAULT_LANGUAGE])
    result = {DEFAULT_LANGUAGE: source}
    for code, values in fields.items():
        if code == DEFAULT_LANGUAGE:
            continue
        translated = model.objects.filter(locale=all_locales[code], **space).first()
        if translated is None:
            translated = source.copy_for_translation(all_locales[code])
            for name, value in values.items():
                setattr(translated, name, value)
            translated.save()
        result[code] = translated
    return result


def ensure_users(*, stdout=None) -> list[tuple[str, str, str]]:
    User = get_user_model()
    created = []
    for username, group_name, first_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first_name, email="")
            user.set_password(demo_password(username))
            if group_name is None:
                user.is_superuser = True
                user.is_staff = True
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        created.append((username, group_name or "superuser", demo_password(username)))
    return created


# --- The site's own pages ---------------------------------------------------

def _rt(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


HOME = {
    "ca": {
        "title": "Inici",
        "hero_heading": "Un espai segur per a dones i persones de gènere divers que usen drogues",
        "hero_text": _rt(
            "Som una cooperativa feta <b>per i amb</b> les persones que hi participen. Aquí trobaràs "
            "tallers, cultura, descans, acompanyament sociolegal i una sala de consum acompanyat, "
            "sense judicis i sense preguntes que no vulguis respondre."
        ),
        "how_to_get_there": _rt(
            "Metro L1 i L3, parada Catalunya; autobusos V13 i 59. L'entrada és a peu de carrer i "
            "accessible amb cadira de rodes.",
            "No cal cita prèvia: vine quan vulguis dins de l'horari.",
        ),
    },
    "es": {
        "title": "Inicio",
        "hero_heading": "Un espacio seguro para mujeres y personas de género diverso que usan drogas",
        "hero_text": _rt(
            "Somos una cooperativa hecha <b>por y con</b> las personas que participan. Aquí encontrarás "
            "talleres, cultura, descanso, acompañamiento sociolegal y una sala de consumo acompañado, "
            "sin juicios y sin preguntas que no quieras responder."
        ),
        "how_to_get_there": _rt(
            "Metro L1 y L3, parada Catalunya; autobuses V13 y 59. La entrada está a pie de calle y es "
            "accesible en silla de ruedas.",
            "No hace falta cita previa: ven cuando quieras dentro del horario.",
        ),
    },
    "en": {
        "title": "Home",
        "hero_heading": "A safe space for women and gender-diverse people who use drugs",
        "hero_text": _rt(
            "We are a cooperative run <b>by and with</b> the people who take part. Here you will find "
            "workshops, culture, rest, socio-legal support and a room for accompanied drug use, "
            "with no judgement and no questions you don't want to answer."
        ),
        "how_to_get_there": _rt(
            "Metro L1 and L3, Catalunya stop; buses V13 and 59. The entrance is at street level and "
            "wheelchair accessible.",
            "No appointment needed: come by any time during opening hours.",
        ),
    },
}

STANDARD_PAGES = [
    (
        "about",
        {
            "ca": ("Qui som", "Una cooperativa de dones i persones de gènere divers que usen drogues i sobreviuen violències.", [
                ("heading", "D'on venim"),
                ("paragraph", _rt("Vam néixer el 2017 d'una assemblea de dones que no trobaven el seu lloc als serveis de reducció de danys pensats per a homes. Avui som més de 360 participants.")),
                ("callout", {"heading": "Tot es decideix en assemblea", "text": _rt("Les activitats, els indicadors que comptem i les normes de l'espai els decidim juntes, cada mes.")}),
                ("heading", "Què fem"),
                ("paragraph", _rt("Tallers productius, culturals i creatius, espais de lleure i de cura, acompanyament sociolegal, i una sala de consum acompanyat amb personal format.")),
            ]),
            "es": ("Quiénes somos", "Una cooperativa de mujeres y personas de género diverso que usan drogas y sobreviven violencias.", [
                ("heading", "De dónde venimos"),
                ("paragraph", _rt("Nacimos en 2017 de una asamblea de mujeres que no encontraban su lugar en los servicios de reducción de daños pensados para hombres. Hoy somos más de 360 participantes.")),
                ("callout", {"heading": "Todo se decide en asamblea", "text": _rt("Las actividades, los indicadores que contamos y las normas del espacio las decidimos juntas, cada mes.")}),
                ("heading", "Qué hacemos"),
                ("paragraph", _rt("Talleres productivos, culturales y creativos, espacios de ocio y de cuidado, acompañamiento sociolegal, y una sala de consumo acompañado con personal formado.")),
            ]),
            "en": ("About us", "A cooperative of women and gender-diverse people who use drugs and survive violence.", [
                ("heading", "Where we come from"),
                ("paragraph", _rt("We began in 2017 in an assembly of women who found no place for themselves in harm-reduction services designed for men. Today we are more than 360 participants.")),
                ("callout", {"heading": "Everything is decided in assembly", "text": _rt("Activities, the indicators we count and the rules of the space are decided together, every month.")}),
                ("heading", "What we do"),
                ("paragraph", _rt("Productive, cultural and creative workshops, leisure and care, socio-legal support, and a room for accompanied drug use with trained staff.")),
            ]),
        },
        {"ca": "qui-som", "es": "quienes-somos", "en": "about"},
    ),
    (
        "consumption-room",
        {
            "ca": ("Sala de consum acompanyat", "Un lloc tranquil i net per consumir amb companyia i material segur.", [
                ("paragraph", _rt("La sala és oberta en horari de l'espai. Hi trobaràs material estèril, naloxona i una persona de l'equip que et pot acompanyar si ho vols.")),
                ("callout", {"heading": "Sense registre de noms", "text": _rt("No et demanarem el nom ni cap document. Només comptem quantes vegades s'usa la sala, mai qui.")}),
            ]),
            "es": ("Sala de consumo acompañado", "Un lugar tranquilo y limpio para consumir con compañía y material seguro.", [
                ("paragraph", _rt("La sala está abierta en horario del espacio. Encontrarás material estéril, naloxona y una persona del equipo que puede acompañarte si quieres.")),
                ("callout", {"heading": "Sin registro de nombres", "text": _rt("No te pediremos el nombre ni ningún documento. Solo contamos cuántas veces se usa la sala, nunca quién.")}),
            ]),
            "en": ("Accompanied consumption room", "A calm, clean place to use with company and safe supplies.", [
                ("paragraph", _rt("The room is open during the space's hours. You will find sterile supplies, naloxone and a team member who can stay with you if you want.")),
                ("callout", {"heading": "No names recorded", "text": _rt("We will never ask your name or for any document. We only count how often the room is used, never who.")}),
            ]),
        },
        {"ca": "sala-de-consum", "es": "sala-de-consumo", "en": "consumption-room"},
    ),
    (
        "legal-support",
        {
            "ca": ("Suport sociolegal", "Acompanyament en tràmits, denúncies i drets, amb advocades feministes.", [
                ("paragraph", _rt("Dimarts i dijous a la tarda, una advocada i una educadora t'acompanyen en tràmits d'habitatge, estrangeria, denúncies per violència i sancions administratives.")),
            ]),
            "es": ("Apoyo sociolegal", "Acompañamiento en trámites, denuncias y derechos, con abogadas feministas.", [
                ("paragraph", _rt("Martes y jueves por la tarde, una abogada y una educadora te acompañan en trámites de vivienda, extranjería, denuncias por violencia y sanciones administrativas.")),
            ]),
            "en": ("Socio-legal support", "Support with paperwork, reports and rights, with feminist lawyers.", [
                ("paragraph", _rt("On Tuesday and Thursday afternoons a lawyer and an educator help with housing, immigration, reporting violence and administrative fines.")),
            ]),
        },
        {"ca": "suport-sociolegal", "es": "apoyo-sociolegal", "en": "legal-support"},
    ),
    (
        "privacy",
        {
            "ca": ("Privacitat", "Què sabem de tu: gairebé res, i així ho volem.", [
                ("paragraph", _rt("Per apuntar-te a una activitat fas servir un codi que tries tu. No guardem noms, dates de naixement, adreces ni dades de salut. Si ens deixes un telèfon per a un recordatori, s'esborra sol després de l'activitat.")),
            ]),
            "es": ("Privacidad", "Qué sabemos de ti: casi nada, y así lo queremos.", [
                ("paragraph", _rt("Para apuntarte a una actividad usas un código que eliges tú. No guardamos nombres, fechas de nacimiento, direcciones ni datos de salud. Si nos dejas un teléfono para un recordatorio, se borra solo después de la actividad.")),
            ]),
            "en": ("Privacy", "What we know about you: almost nothing, and we like it that way.", [
                ("paragraph", _rt("To sign up for an activity you use a code you choose. We keep no names, birth dates, addresses or health details. If you leave a phone number for a reminder, it deletes itself after the activity.")),
            ]),
        },
        {"ca": "privacitat", "es": "privacidad", "en": "privacy"},
    ),
]


@indexed_once
@transaction.atomic
def load_demo(*, stdout=None) -> None:
    from .demo_images import demo_image
    from .models import Footer, HomePage, MainMenu, SiteSettings, StandardPage

    all_locales = locales()
    site = Site.objects.get(is_default_site=True)
    root = Page.get_first_root_node()

    # The default space is the one at SAFESPACE_PUBLIC_URL; the second demo space takes the other host name.
    from .services import site_address_sync

    site_address_sync()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific if isinstance(site.root_page.specific, HomePage) else None
    if home is None:
        welcome = site.root_page
        # Wagtail's own "Welcome" page holds the slug we want; step it aside first.
        Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome")
        home = HomePage(
            slug="home",
            locale=all_locales[DEFAULT_LANGUAGE],
            hero_image=demo_image(title="Espai Lila", seed=3),
            **HOME[DEFAULT_LANGUAGE],
        )
        root.add_child(instance=home)
        publish(home)
        site.root_page = home
        site.site_name = "Espai Lila"
        site.save()
        Page.objects.get(pk=welcome.pk).delete()
    for code, values in HOME.items():
        if code == DEFAULT_LANGUAGE:
            continue
        if not home.get_translations().filter(locale=all_locales[code]).exists():
            translated = home.copy_for_translation(all_locales[code])
            for name, value in values.items():
                setattr(translated, name, value)
            translated.save()
            publish(translated)

    pages_by_key = {}
    for key, by_language, slugs in STANDARD_PAGES:
        fields = {}
        for code, (title, intro, body) in by_language.items():
            fields[code] = {"title": title, "intro": intro, "body": body, "slug": slugs[code]}
        pages_by_key[key] = page_in_languages(
            parent=home, model=StandardPage, slug=slugs[DEFAULT_LANGUAGE],
            fields={code: {k: v for k, v in f.items() if k != "slug" or code != DEFAULT_LANGUAGE} for code, f in fields.items()},
        )

    # Reload: pages were added under home since it was read, and saving a stale
    # copy would put back its old child count.
    home = HomePage.objects.get(pk=home.pk)
    if not home.featured:
        home.featured = [
            ("link", {"page": pages_by_key["consumption-room"][DEFAULT_LANGUAGE], "url": "", "label": ""}),
            ("link", {"page": pages_by_key["legal-support"][DEFAULT_LANGUAGE], "url": "", "label": ""}),
            ("link", {"page": pages_by_key["privacy"][DEFAULT_LANGUAGE], "url": "", "label": ""}),
        ]
        publish(home)
        for translated in home.get_translations():
            translated = translated.specific
            translated.featured = home.featured
            publish(translated)

    settings_obj = SiteSettings.for_site(site)
    if not settings_obj.address:
        settings_obj.name = "Espai Lila"
        settings_obj.address = "Carrer de l'Exemple, 12\n08001 Barcelona"
        settings_obj.phone = "+34 930 00 00 00"
        settings_obj.email = "hola@espailila.example"
        settings_obj.opening_hours = [
            ("hours", {"weekdays": ["0", "1", "2", "3", "4"], "opens": "10:00", "closes": "20:00"}),
            ("hours", {"weekdays": ["5"], "opens": "11:00", "closes": "15:00"}),
        ]
        settings_obj.save()

    def menu_items(code):
        keys = ["about", "consumption-room", "legal-support"]
        return [("link", {"page": pages_by_key[k][code], "url": "", "label": ""}) for k in keys]

    lila = {"site": site}
    snippet_in_languages(model=MainMenu, space=lila, fields={code: {"items": menu_items(code)} for code in all_locales})
    footer_text = {
        "ca": _rt("Espai Lila és una cooperativa sense ànim de lucre. Aquest web no usa galetes de seguiment ni serveis de tercers."),
        "es": _rt("Espai Lila es una cooperativa sin ánimo de lucro. Esta web no usa cookies de seguimiento ni servicios de terceros."),
        "en": _rt("Espai Lila is a not-for-profit cooperative. This site uses no tracking cookies and no third-party services."),
    }
    emergency = {
        "ca": [("Emergències", "112"), ("Violència masclista (gratuït, no deixa rastre)", "016"), ("Salut Respon", "061")],
        "es": [("Emergencias", "112"), ("Violencia machista (gratuito, no deja rastro)", "016"), ("Salud Responde", "061")],
        "en": [("Emergencies", "112"), ("Gender violence helpline (free, leaves no trace)", "016"), ("Health advice line", "061")],
    }
    snippet_in_languages(
        model=Footer, space=lila,
        fields={
            code: {
                "text": footer_text[code],
                "emergency_numbers": [("number", {"label": label, "number": number}) for label, number in emergency[code]],
                "links": [("link", {"page": pages_by_key["privacy"][code], "url": "", "label": ""})],
            }
            for code in all_locales
        },
    )
    second_space_load()


# --- The second space -----------------------------------------------------------
# A network of two: Espai Lila at SAFESPACE_PUBLIC_URL, Espai Violeta at the
# other loopback name on the same port (127.0.0.1 and localhost), each with its
# own content and staff (safespace/spaces.py).

SECOND_SPACE_NAME = "Espai Violeta"
SECOND_SPACE_HOME = {
    "ca": {"title": "Inici", "hero_heading": "Espai Violeta: un lloc per descansar, aprendre i cuidar-nos",
           "hero_text": _rt("Un espai de reducció de danys al barri, obert de dilluns a divendres.")},
    "es": {"title": "Inicio", "hero_heading": "Espai Violeta: un lugar para descansar, aprender y cuidarnos",
           "hero_text": _rt("Un espacio de reducción de daños en el barrio, abierto de lunes a viernes.")},
    "en": {"title": "Home", "hero_heading": "Espai Violeta: a place to rest, learn and look after each other",
           "hero_text": _rt("A harm-reduction space in the neighbourhood, open Monday to Friday.")},
}
SECOND_SPACE_USERS = [
    # username, role, display name
    ("violeta-administrator", roles.ADMINISTRATORS, "Violeta admin"),
    ("violeta-facilitator", roles.FACILITATORS, "Violeta facilitator"),
    ("violeta-communications", roles.COMMUNICATIONS, "Violeta comms"),
    ("violeta-counter", roles.COUNTERS, "Violeta counter"),
]


def second_space_address() -> tuple[str, int]:
    """(host name, port) of the second demo space: the loopback name the public address does not use."""
    from urllib.parse import urlsplit

    parts = urlsplit(public_base())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return ("127.0.0.1" if parts.hostname == "localhost" else "localhost"), port


def second_space():
    """The second demo space's Site, or None before the demo has made it."""
    hostname, port = second_space_address()
    return Site.objects.filter(hostname=hostname, port=port, is_default_site=False).first()


def second_space_base() -> str:
    hostname, port = second_space_address()
    scheme = public_base().split("://", 1)[0]
    return f"{scheme}://{hostname}" + ("" if port in (80, 443) else f":{port}")


def second_space_load() -> None:
    from .models import SiteSettings
    from .services import space_create

    hostname, port = second_space_address()
    site = second_space() or space_create(
        name=SECOND_SPACE_NAME, hostname=hostname, port=port,
        home_fields={k: v for k, v in SECOND_SPACE_HOME[DEFAULT_LANGUAGE].items() if k != "title"},
    )
    home = site.root_page.specific
    for translated in home.get_translations(inclusive=True):
        values = SECOND_SPACE_HOME.get(translated.locale.language_code)
        translated = translated.specific
        if values and translated.hero_heading != values["hero_heading"]:
            for name, value in values.items():
                setattr(translated, name, value)
            publish(translated)
    space_settings = SiteSettings.for_site(site)
    if not space_settings.address:
        space_settings.name = SECOND_SPACE_NAME
        space_settings.address = "Carrer del Veïnat, 3\n08025 Barcelona"
        space_settings.phone = "+34 930 00 00 11"
        space_settings.email = "hola@espaivioleta.example"
        space_settings.opening_hours = [
            ("hours", {"weekdays": ["0", "1", "2", "3", "4"], "opens": "09:00", "closes": "17:00"}),
        ]
        space_settings.save()
    second_space_chrome(site=site, home=home)


SECOND_SPACE_FOOTER = {
    # code: (text, [(label, number)...]): Espai Violeta's own, not Espai Lila's.
    "ca": ("Espai Violeta és un servei de reducció de danys del barri, amb l'Espai Lila en xarxa.",
           [("Emergències", "112"), ("Guàrdia de nit de l'Espai Violeta", "+34 930 00 00 12")]),
    "es": ("Espai Violeta es un servicio de reducción de daños del barrio, en red con Espai Lila.",
           [("Emergencias", "112"), ("Guardia nocturna del Espai Violeta", "+34 930 00 00 12")]),
    "en": ("Espai Violeta is a neighbourhood harm-reduction service, in a network with Espai Lila.",
           [("Emergencies", "112"), ("Espai Violeta's night line", "+34 930 00 00 12")]),
}


def second_space_chrome(*, site, home) -> None:
    """Espai Violeta's own menu (its home; the agenda's demo adds its agenda) and footer
    (its own text and emergency numbers), in the rows space_create gave it."""
    from .models import Footer, MainMenu

    homes = {page.locale_id: page for page in home.get_translations(inclusive=True)}
    for menu in MainMenu.objects.filter(site=site, locale_id__in=homes):
        if not menu.items:
            menu.items = [("link", {"page": homes[menu.locale_id], "url": "", "label": ""})]
            menu.save()
    for footer in Footer.objects.filter(site=site).select_related("locale"):
        text, numbers = SECOND_SPACE_FOOTER.get(footer.locale.language_code, SECOND_SPACE_FOOTER[DEFAULT_LANGUAGE])
        if not footer.emergency_numbers:
            footer.text = _rt(text)
            footer.emergency_numbers = [("number", {"label": label, "number": number}) for label, number in numbers]
            footer.save()


def second_space_users() -> list[tuple[str, str, str]]:
    """The second space's staff: one account per role, in the space's own groups."""
    from .services import space_group

    site = second_space()
    if site is None:
        return []
    User = get_user_model()
    made = []
    for username, role, first_name in SECOND_SPACE_USERS:
        group = space_group(site_id=site.pk, role=role)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first_name, email="")
            user.set_password(demo_password(username))
            user.save()
            user.groups.add(group)
        made.append((username, group.name, demo_password(username)))
    return made
