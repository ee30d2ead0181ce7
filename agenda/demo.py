"""Demo agenda: a dozen weekly activities in three languages, one cancelled
session, one moved session and a closure, dated around today so the demo
always looks alive. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from wagtail.models import Page, Site

from safespace.demo import DEFAULT_LANGUAGE, indexed_once, locales, page_in_languages, publish

CATEGORIES = {
    "cultural": {"ca": "Cultural", "es": "Cultural", "en": "Culture"},
    "creative": {"ca": "Creativa", "es": "Creativa", "en": "Creative"},
    "productive": {"ca": "Productiva", "es": "Productiva", "en": "Productive"},
    "leisure": {"ca": "Lleure", "es": "Ocio", "en": "Leisure"},
    "care": {"ca": "Cura", "es": "Cuidado", "en": "Care"},
    "assembly": {"ca": "Assemblea", "es": "Asamblea", "en": "Assembly"},
}
# The pictogram of each category and room (agenda/pictograms.py).
PICTOGRAMS = {
    "categories": {"cultural": "culture", "creative": "art", "productive": "workshop", "leisure": "games",
                   "care": "care", "assembly": "assembly"},
    "rooms": {"big-room": "room", "kitchen": "cooking", "workshop": "workshop", "quiet-room": "rest",
              "courtyard": "outdoors"},
}

ROOMS = {
    "big-room": ({"ca": "Sala gran", "es": "Sala grande", "en": "Big room"},
                 {"ca": "Planta baixa, accés sense graons", "es": "Planta baja, acceso sin escalones", "en": "Ground floor, step-free"}),
    "kitchen": ({"ca": "Cuina", "es": "Cocina", "en": "Kitchen"},
                {"ca": "Planta baixa, al fons", "es": "Planta baja, al fondo", "en": "Ground floor, at the back"}),
    "workshop": ({"ca": "Taller", "es": "Taller", "en": "Workshop room"},
                 {"ca": "Primer pis, amb ascensor", "es": "Primer piso, con ascensor", "en": "First floor, lift available"}),
    "quiet-room": ({"ca": "Sala tranquil·la", "es": "Sala tranquila", "en": "Quiet room"},
                   {"ca": "Primer pis, llum tènue", "es": "Primer piso, luz tenue", "en": "First floor, dim light"}),
    "courtyard": ({"ca": "Pati", "es": "Patio", "en": "Courtyard"},
                  {"ca": "A l'aire lliure; si plou, a la sala gran", "es": "Al aire libre; si llueve, en la sala grande", "en": "Outdoors; in the big room if it rains"}),
}

# slug, category, room, weekdays, start, end, audience, languages, capacity, texts per language
# texts: (title, summary, slug)
# The public reasons of the demo's cancelled and moved sessions, translated.
CHANGE_REASONS = {
    "costura": {"es": "La formadora está enferma.", "en": "The trainer is ill."},
    "cinema": {"es": "Proyección al aire libre.", "en": "Outdoor screening."},
}

ACTIVITIES = [
    ("costura", "productive", "workshop", ["1"], "18:00", "20:00", "participants", ["ca", "es"], 10, {
        "ca": ("Taller de costura", "Arreglem i transformem roba amb màquines de cosir. No cal experiència.", "taller-de-costura"),
        "es": ("Taller de costura", "Arreglamos y transformamos ropa con máquinas de coser. No hace falta experiencia.", "taller-de-costura"),
        "en": ("Sewing workshop", "Mend and remake clothes on sewing machines. No experience needed.", "sewing-workshop")}),
    ("cuina", "productive", "kitchen", ["2"], "12:00", "14:30", "participants", ["es"], 8, {
        "ca": ("Cuinem juntes", "Preparem un dinar per a totes amb el que ens arriba del banc d'aliments.", "cuinem-juntes"),
        "es": ("Cocinamos juntas", "Preparamos una comida para todas con lo que llega del banco de alimentos.", "cocinamos-juntas"),
        "en": ("Cooking together", "We cook lunch for everyone with what comes from the food bank.", "cooking-together")}),
    ("ioga", "care", "quiet-room", ["0", "3"], "10:30", "11:30", "participants", ["ca", "es"], 12, {
        "ca": ("Ioga suau", "Moviment lent i respiració, adaptat a cada cos.", "ioga-suau"),
        "es": ("Yoga suave", "Movimiento lento y respiración, adaptado a cada cuerpo.", "yoga-suave"),
        "en": ("Gentle yoga", "Slow movement and breathing, adapted to every body.", "gentle-yoga")}),
    ("assemblea", "assembly", "big-room", ["4"], "17:00", "19:00", "participants", ["ca", "es"], None, {
        "ca": ("Assemblea de l'espai", "Decidim juntes activitats, normes i pressupost.", "assemblea"),
        "es": ("Asamblea del espacio", "Decidimos juntas actividades, normas y presupuesto.", "asamblea"),
        "en": ("Space assembly", "Together we decide activities, rules and budget.", "assembly")}),
    ("cinema", "cultural", "big-room", ["3"], "18:30", "21:00", "open", ["es", "en"], 30, {
        "ca": ("Cinefòrum feminista", "Una pel·lícula i una conversa. Obert al veïnat.", "cineforum"),
        "es": ("Cinefórum feminista", "Una película y una conversación. Abierto al vecindario.", "cineforum"),
        "en": ("Feminist film club", "A film and a conversation. Open to neighbours.", "film-club")}),
    ("pintura", "creative", "workshop", ["0"], "16:00", "18:00", "participants", ["ca"], 10, {
        "ca": ("Pintura i collage", "Expressió lliure amb colors, revistes i tisores.", "pintura-i-collage"),
        "es": ("Pintura y collage", "Expresión libre con colores, revistas y tijeras.", "pintura-y-collage"),
        "en": ("Painting and collage", "Free expression with paint, magazines and scissors.", "painting-and-collage")}),
    ("escriptura", "creative", "quiet-room", ["2"], "17:00", "18:30", "participants", ["ca", "es"], 8, {
        "ca": ("Escriptura de vida", "Escrivim records i desitjos, sense correccions.", "escriptura-de-vida"),
        "es": ("Escritura de vida", "Escribimos recuerdos y deseos, sin correcciones.", "escritura-de-vida"),
        "en": ("Life writing", "We write memories and wishes, with no corrections.", "life-writing")}),
    ("jocs", "leisure", "big-room", ["1"], "11:00", "13:00", "participants", ["ca", "es", "ro"], None, {
        "ca": ("Matí de jocs", "Jocs de taula, cartes i cafè.", "mati-de-jocs"),
        "es": ("Mañana de juegos", "Juegos de mesa, cartas y café.", "manana-de-juegos"),
        "en": ("Games morning", "Board games, cards and coffee.", "games-morning")}),
    ("hort", "productive", "courtyard", ["3"], "11:00", "13:00", "open", ["ca", "es"], 12, {
        "ca": ("Hort al pati", "Sembrem, reguem i collim aromàtiques i tomàquets.", "hort"),
        "es": ("Huerto en el patio", "Sembramos, regamos y recogemos aromáticas y tomates.", "huerto"),
        "en": ("Courtyard garden", "We sow, water and pick herbs and tomatoes.", "garden")}),
    ("massatge", "care", "quiet-room", ["4"], "12:00", "14:00", "participants", ["es", "fr"], 6, {
        "ca": ("Massatge i descans", "Massatge d'esquena i mans amb una terapeuta voluntària.", "massatge"),
        "es": ("Masaje y descanso", "Masaje de espalda y manos con una terapeuta voluntaria.", "masaje"),
        "en": ("Massage and rest", "Back and hand massage with a volunteer therapist.", "massage")}),
    ("ball", "leisure", "big-room", ["5"], "12:00", "13:30", "open", ["es", "pt"], 20, {
        "ca": ("Ball lliure", "Música i moviment per a totes, sense passos a aprendre.", "ball-lliure"),
        "es": ("Baile libre", "Música y movimiento para todas, sin pasos que aprender.", "baile-libre"),
        "en": ("Free dance", "Music and movement for everyone, no steps to learn.", "free-dance")}),
    ("drets", "care", "workshop", ["1"], "11:00", "12:30", "participants", ["ca", "es", "en"], 10, {
        "ca": ("Coneix els teus drets", "Xerrada amb advocades: padró, salut, sancions.", "coneix-els-teus-drets"),
        "es": ("Conoce tus derechos", "Charla con abogadas: padrón, salud, sanciones.", "conoce-tus-derechos"),
        "en": ("Know your rights", "Talk with lawyers: registration, healthcare, fines.", "know-your-rights")}),
]


# Easy read: short sentences, one idea each, one per line.
EASY_READ = {
    "costura": {"ca": "Cosim roba.\nHi ha màquines de cosir.\nNo cal saber-ne.",
                "es": "Cosemos ropa.\nHay máquinas de coser.\nNo hace falta saber.",
                "en": "We sew clothes.\nThere are sewing machines.\nYou do not need to know how."},
    "cuina": {"ca": "Cuinem juntes.\nDesprés dinem juntes.\nÉs gratis.",
              "es": "Cocinamos juntas.\nDespués comemos juntas.\nEs gratis.",
              "en": "We cook together.\nThen we eat together.\nIt is free."},
    "ioga": {"ca": "Movem el cos a poc a poc.\nRespirem.\nCadascú fa el que pot.",
             "es": "Movemos el cuerpo despacio.\nRespiramos.\nCada una hace lo que puede.",
             "en": "We move our body slowly.\nWe breathe.\nYou do what you can."},
    "assemblea": {"ca": "Ens reunim.\nParlem de l'espai.\nDecidim juntes.",
                  "es": "Nos reunimos.\nHablamos del espacio.\nDecidimos juntas.",
                  "en": "We meet.\nWe talk about the space.\nWe decide together."},
    "cinema": {"ca": "Mirem una pel·lícula.\nDesprés en parlem.\nPot venir tothom.",
               "es": "Vemos una película.\nDespués hablamos.\nPuede venir todo el mundo.",
               "en": "We watch a film.\nThen we talk about it.\nEveryone can come."},
    "pintura": {"ca": "Pintem.\nRetallem i enganxem.\nNo hi ha res mal fet.",
                "es": "Pintamos.\nRecortamos y pegamos.\nNada está mal hecho.",
                "en": "We paint.\nWe cut and glue.\nNothing is wrong."},
    "escriptura": {"ca": "Escrivim sobre la nostra vida.\nNingú corregeix.",
                   "es": "Escribimos sobre nuestra vida.\nNadie corrige.",
                   "en": "We write about our life.\nNobody corrects it."},
    "jocs": {"ca": "Juguem a jocs de taula.\nHi ha cafè.",
             "es": "Jugamos a juegos de mesa.\nHay café.",
             "en": "We play board games.\nThere is coffee."},
    "hort": {"ca": "Treballem a l'hort.\nPlantem i reguem.\nÉs a fora, al pati.",
             "es": "Trabajamos en el huerto.\nPlantamos y regamos.\nEs fuera, en el patio.",
             "en": "We work in the garden.\nWe plant and water.\nIt is outside, in the courtyard."},
    "massatge": {"ca": "Et fan un massatge a l'esquena o a les mans.\nDescanses.",
                 "es": "Te dan un masaje en la espalda o las manos.\nDescansas.",
                 "en": "Someone massages your back or hands.\nYou rest."},
    "ball": {"ca": "Ballem amb música.\nNo cal saber ballar.",
             "es": "Bailamos con música.\nNo hace falta saber bailar.",
             "en": "We dance to music.\nYou do not need to know how to dance."},
    "drets": {"ca": "Parlem amb advocades.\nT'expliquen els teus drets.\nPots preguntar.",
              "es": "Hablamos con abogadas.\nTe explican tus derechos.\nPuedes preguntar.",
              "en": "We talk with lawyers.\nThey explain your rights.\nYou can ask questions."},
}


def _pictograms_set(snippets: dict[str, dict], pictograms: dict[str, str]) -> None:
    for slug, by_language in snippets.items():
        source = by_language[DEFAULT_LANGUAGE]
        if source.pictogram != pictograms.get(slug, ""):
            source.pictogram = pictograms.get(slug, "")
            source.save()  # agenda.services.pictogram_sync gives it to the translations


def _snippets(model, items: dict[str, dict[str, dict]]) -> dict[str, dict]:
    """One snippet per slug and language, sharing a translation key (idempotent)."""
    all_locales = locales()
    result = {}
    for slug, by_language in items.items():
        source = model.objects.filter(locale=all_locales[DEFAULT_LANGUAGE], slug=slug).first()
        if source is None:
            source = model.objects.create(locale=all_locales[DEFAULT_LANGUAGE], slug=slug, **by_language[DEFAULT_LANGUAGE])
        result[slug] = {DEFAULT_LANGUAGE: source}
        for code, values in by_language.items():
            if code == DEFAULT_LANGUAGE:
                continue
            translated = model.objects.filter(translation_key=source.translation_key, locale=all_locales[code]).first()
            if translated is None:
                translated = source.copy_for_translation(all_locales[code])
                for name, value in values.items():
                    setattr(translated, name, value)
                translated.save()
            result[slug][code] = translated
    return result


def _t(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


@indexed_once
@transaction.atomic
def load_demo(*, stdout=None) -> None:
    from safespace.demo_images import demo_image
    from safespace.models import HomePage

    from .models import ActivityChange, ActivityPage, ActivitySlot, AgendaPage, Category, Closure, Room
    from .services import agenda_page_grant

    all_locales = locales()
    site = Site.objects.filter(is_default_site=True).first()
    home = site.root_page.specific if site is not None else None
    if not isinstance(home, HomePage):
        return
    categories = _snippets(Category,
                           {slug: {code: {"name": name} for code, name in names.items()} for slug, names in CATEGORIES.items()})
    rooms = _snippets(Room,
                      {slug: {code: {"name": names[code], "directions": directions[code]} for code in names}
                       for slug, (names, directions) in ROOMS.items()})
    _pictograms_set(categories, PICTOGRAMS["categories"])
    _pictograms_set(rooms, PICTOGRAMS["rooms"])

    # The site's demo may leave the home page's ``numchild`` stale (it saves an
    # older in-memory copy after adding children), which makes treebeard
    # reuse a taken path; count the children again before adding ours.
    for translated in home.get_translations(inclusive=True):
        children = Page.objects.filter(path__startswith=translated.path, depth=translated.depth + 1).count()
        Page.objects.filter(pk=translated.pk).update(numchild=children)
    home.refresh_from_db()
    agenda = page_in_languages(parent=home, model=AgendaPage, slug="agenda", fields={
        "ca": {"title": "Agenda", "intro": "Tallers, cultura, descans i assemblees. Tot és gratuït; on hi ha places limitades, t'hi pots apuntar amb el teu codi."},
        "es": {"title": "Agenda", "slug": "agenda", "intro": "Talleres, cultura, descanso y asambleas. Todo es gratuito; donde hay plazas limitadas, puedes apuntarte con tu código."},
        "en": {"title": "What's on", "slug": "whats-on", "intro": "Workshops, culture, rest and assemblies. Everything is free; where places are limited you can sign up with your code."},
    })
    for page in agenda.values():
        agenda_page_grant(page=page)

    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    series_start = monday - dt.timedelta(weeks=6)
    next_week = monday + dt.timedelta(weeks=1)

    for index, (key, category, room, weekdays, start, end, audience, languages, capacity, texts) in enumerate(ACTIVITIES):
        if ActivityPage.objects.child_of(agenda[DEFAULT_LANGUAGE]).filter(slug=texts[DEFAULT_LANGUAGE][2]).exists():
            continue
        changes = []
        if key == "costura":
            # The sewing workshop's session next week is cancelled.
            changes.append(ActivityChange(kind="cancel", original_date=next_week + dt.timedelta(days=1),
                                          reason="La formadora està malalta."))
        if key == "cinema":
            # Film club next week moves to the courtyard and starts later.
            changes.append(ActivityChange(kind="move", original_date=next_week + dt.timedelta(days=3),
                                          new_start_time=_t("20:00"), new_end_time=_t("22:30"),
                                          new_room=rooms["courtyard"][DEFAULT_LANGUAGE],
                                          reason="Projecció a l'aire lliure."))
        fields = {}
        for code, (title, summary, slug) in texts.items():
            fields[code] = {"title": title, "summary": summary, "easy_read": EASY_READ[key][code],
                            "description": f"<p>{summary}</p>",
                            "accessibility": {"ca": "Espai accessible. Pots venir acompanyada.", "es": "Espacio accesible. Puedes venir acompañada.", "en": "Accessible space. You may bring someone with you."}[code]}
            if code != DEFAULT_LANGUAGE:
                fields[code]["slug"] = slug
        fields[DEFAULT_LANGUAGE].update({
            "category": categories[category][DEFAULT_LANGUAGE], "room": rooms[room][DEFAULT_LANGUAGE],
            "audience": audience, "languages": languages, "capacity": capacity,
            "facilitators": ["Marta", "Yolanda", "Aisha", "Lola", "Nuri", "Carme"][index % 6],
            "image": demo_image(title=f"Activitat: {texts['ca'][0]}", seed=20 + index) if index % 3 == 0 else None,
            "image_alt": "",
            "slots": [ActivitySlot(repeat="weekly", start_date=series_start, weekdays=weekdays,
                                   start_time=_t(start), end_time=_t(end))],
            "changes": changes,
        })
        pages = page_in_languages(parent=agenda[DEFAULT_LANGUAGE], model=ActivityPage, slug=texts[DEFAULT_LANGUAGE][2], fields=fields)
        for code, reason in CHANGE_REASONS.get(key, {}).items():
            # The translators' part: the public reason in their language, published.
            ActivityChange.objects.filter(page=pages[code]).update(reason=reason)
            publish(ActivityPage.objects.get(pk=pages[code].pk))

    if not Closure.objects.exists():
        closed_from = monday + dt.timedelta(weeks=3, days=2)
        source = Closure.objects.create(locale=all_locales[DEFAULT_LANGUAGE], start_date=closed_from,
                                        end_date=closed_from + dt.timedelta(days=1),
                                        reason="Tancat per formació de l'equip.")
        for code, reason in (("es", "Cerrado por formación del equipo."), ("en", "Closed for team training.")):
            translated = source.copy_for_translation(all_locales[code])
            translated.reason = reason
            translated.save()

    _menu_link(site=site, pages=agenda)
    _second_space(series_start=series_start, categories=categories)
    _network_agenda(home=home)
    if stdout is not None:
        stdout.write(f"  agenda: {ActivityPage.objects.filter(locale=all_locales[DEFAULT_LANGUAGE]).count()} activities")


def _menu_link(*, site, pages: dict) -> None:
    """An "Agenda" link first in the space's main menu, in every language (data only)."""
    from safespace.models import MainMenu

    all_locales = locales()
    for code, page in pages.items():
        menu = MainMenu.objects.filter(site=site, locale=all_locales[code]).first()
        if menu is None:
            continue
        if any(block.value.get("page") and block.value["page"].pk == page.pk for block in menu.items):
            continue
        menu.items.insert(0, ("link", {"page": page, "url": "", "label": ""}))
        menu.save()


SECOND_SPACE_ROOMS = {
    "violeta-sala": ({"ca": "Sala Violeta", "es": "Sala Violeta", "en": "Violet room"},
                     {"ca": "Planta baixa.", "es": "Planta baja.", "en": "Ground floor."}),
}
SECOND_SPACE_ACTIVITIES = [
    # key, category, weekdays, start, end, texts {code: (title, summary, slug)}
    ("teatre", "cultural", ["0", "2"], "17:00", "19:00", {
        "ca": ("Teatre de l'oprimit", "Escenes de la vida quotidiana, per canviar-les juntes.", "teatre"),
        "es": ("Teatro del oprimido", "Escenas de la vida cotidiana, para cambiarlas juntas.", "teatro"),
        "en": ("Theatre of the oppressed", "Scenes from everyday life, to change them together.", "theatre"),
    }),
    ("esmorzar", "care", ["4"], "10:00", "11:30", {
        "ca": ("Esmorzar i xerrada", "Un esmorzar calent i temps per parlar del que calgui.", "esmorzar"),
        "es": ("Desayuno y charla", "Un desayuno caliente y tiempo para hablar de lo que haga falta.", "desayuno"),
        "en": ("Breakfast and a chat", "A hot breakfast and time to talk about whatever you need.", "breakfast"),
    }),
]


def _second_space(*, series_start: dt.date, categories: dict) -> None:
    """Espai Violeta's agenda (safespace.demo's second space): its own agenda page, room and activities."""
    from safespace.demo import second_space

    from .models import ActivityPage, ActivitySlot, AgendaPage, Room
    from .services import agenda_page_grant

    site = second_space()
    if site is None:
        return
    all_locales = locales()
    home = site.root_page.specific
    agenda = page_in_languages(parent=home, model=AgendaPage, slug="agenda", fields={
        "ca": {"title": "Agenda", "intro": "Què fem a l'Espai Violeta aquesta setmana."},
        "es": {"title": "Agenda", "slug": "agenda", "intro": "Qué hacemos en el Espai Violeta esta semana."},
        "en": {"title": "What's on", "slug": "whats-on", "intro": "What is on at Espai Violeta this week."},
    })
    for page in agenda.values():
        agenda_page_grant(page=page)
    _menu_link(site=site, pages=agenda)
    rooms = {}
    for slug, (names, directions) in SECOND_SPACE_ROOMS.items():
        source = Room.objects.filter(site=site, slug=slug, locale=all_locales[DEFAULT_LANGUAGE]).first()
        if source is None:
            source = Room.objects.create(site=site, slug=slug, locale=all_locales[DEFAULT_LANGUAGE],
                                         name=names[DEFAULT_LANGUAGE], directions=directions[DEFAULT_LANGUAGE])
        for code in names:
            if code != DEFAULT_LANGUAGE and not Room.objects.filter(translation_key=source.translation_key,
                                                                    locale=all_locales[code]).exists():
                translated = source.copy_for_translation(all_locales[code])
                translated.name, translated.directions = names[code], directions[code]
                translated.save()
        rooms[slug] = source
    for key, category, weekdays, start, end, texts in SECOND_SPACE_ACTIVITIES:
        if ActivityPage.objects.child_of(agenda[DEFAULT_LANGUAGE]).filter(slug=texts[DEFAULT_LANGUAGE][2]).exists():
            continue
        fields = {}
        for code, (title, summary, slug) in texts.items():
            fields[code] = {"title": title, "summary": summary, "description": f"<p>{summary}</p>"}
            if code != DEFAULT_LANGUAGE:
                fields[code]["slug"] = slug
        fields[DEFAULT_LANGUAGE].update({
            "category": categories[category][DEFAULT_LANGUAGE] if category in categories else None,
            "room": rooms["violeta-sala"], "languages": ["ca", "es"], "facilitators": "Rosa",
            "slots": [ActivitySlot(repeat="weekly", start_date=series_start, weekdays=weekdays,
                                   start_time=_t(start), end_time=_t(end))],
        })
        page_in_languages(parent=agenda[DEFAULT_LANGUAGE], model=ActivityPage, slug=texts[DEFAULT_LANGUAGE][2], fields=fields)


def _network_agenda(*, home) -> None:
    """The network's agenda in the default space's tree, both demo spaces sharing their sessions with it."""
    from plugins.models import NetworkSharing
    from safespace.demo import second_space

    from safespace.models import MainMenu

    from .models import NetworkAgendaPage

    pages = page_in_languages(parent=home, model=NetworkAgendaPage, slug="xarxa", fields={
        "ca": {"title": "Agenda de la xarxa", "intro": "Què fan aquesta setmana tots els espais de la xarxa."},
        "es": {"title": "Agenda de la red", "slug": "red", "intro": "Qué hacen esta semana todos los espacios de la red."},
        "en": {"title": "Network agenda", "slug": "network", "intro": "What every space of the network is doing this week."},
    })
    spaces = [site for site in (Site.objects.filter(is_default_site=True).first(), second_space()) if site is not None]
    # In the main menu of every space that shares its agenda (each space has its own), after its agenda.
    for code, page in pages.items():
        for menu in MainMenu.objects.filter(locale__language_code=code, site__in=spaces):
            if any(block.value.get("page") and block.value["page"].pk == page.pk for block in menu.items):
                continue
            menu.items.insert(1, ("link", {"page": page, "url": "", "label": ""}))
            menu.save()
    for site in spaces:
        if site is not None:
            setting = NetworkSharing.for_site(site)
            if not setting.agenda:
                setting.agenda = True
                setting.save()
