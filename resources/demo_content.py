"""The words of the demo library, in Catalan, Spanish and English.

Harm-reduction facts follow public guidance (naloxone, not using alone,
drug checking, mixing, legal rights under Spain's Organic Law 4/2015 and
the Criminal Procedure Act). Numbers: 112 (emergencies), 016 (gender
violence helpline). Nothing here replaces medical or legal advice.
"""


def rt(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


TAXONOMY = {
    "Substance": [
        ("heroin", {"ca": ("Heroïna i opiacis", "heroina"), "es": ("Heroína y opiáceos", "heroina"), "en": ("Heroin and opioids", "heroin")}),
        ("cocaine", {"ca": ("Cocaïna i crack", "cocaina"), "es": ("Cocaína y crack", "cocaina"), "en": ("Cocaine and crack", "cocaine")}),
        ("alcohol", {"ca": ("Alcohol", "alcohol"), "es": ("Alcohol", "alcohol"), "en": ("Alcohol", "alcohol")}),
        ("benzos", {"ca": ("Benzodiazepines", "benzodiazepines"), "es": ("Benzodiacepinas", "benzodiacepinas"), "en": ("Benzodiazepines", "benzodiazepines")}),
        ("any", {"ca": ("Qualsevol substància", "qualsevol"), "es": ("Cualquier sustancia", "cualquiera"), "en": ("Any substance", "any")}),
    ],
    "WayOfUse": [
        ("smoked", {"ca": ("Fumada", "fumada"), "es": ("Fumada", "fumada"), "en": ("Smoked", "smoked")}),
        ("injected", {"ca": ("Injectada", "injectada"), "es": ("Inyectada", "inyectada"), "en": ("Injected", "injected")}),
        ("snorted", {"ca": ("Esnifada", "esnifada"), "es": ("Esnifada", "esnifada"), "en": ("Snorted", "snorted")}),
        ("swallowed", {"ca": ("Ingerida", "ingerida"), "es": ("Ingerida", "ingerida"), "en": ("Swallowed", "swallowed")}),
    ],
    "Topic": [
        ("overdose", {"ca": ("Sobredosi i naloxona", "sobredosi"), "es": ("Sobredosis y naloxona", "sobredosis"), "en": ("Overdose and naloxone", "overdose")}),
        ("mixing", {"ca": ("Barreges", "barreges"), "es": ("Mezclas", "mezclas"), "en": ("Mixing", "mixing")}),
        ("violence", {"ca": ("Violència masclista", "violencia-masclista"), "es": ("Violencia machista", "violencia-machista"), "en": ("Gender violence", "gender-violence")}),
        ("rights", {"ca": ("Drets", "drets"), "es": ("Derechos", "derechos"), "en": ("Legal rights", "rights")}),
        ("health", {"ca": ("Salut", "salut"), "es": ("Salud", "salud"), "en": ("Health", "health")}),
        ("housing", {"ca": ("Habitatge", "habitatge"), "es": ("Vivienda", "vivienda"), "en": ("Housing", "housing")}),
    ],
    "Audience": [
        ("users", {"ca": ("Persones que usen drogues", "persones-que-usen"), "es": ("Personas que usan drogas", "personas-que-usan"), "en": ("People who use drugs", "people-who-use")}),
        ("friends", {"ca": ("Amistats i famílies", "amistats"), "es": ("Amistades y familias", "amistades"), "en": ("Friends and family", "friends")}),
        ("pros", {"ca": ("Professionals", "professionals"), "es": ("Profesionales", "profesionales"), "en": ("Professionals", "professionals")}),
    ],
    "Format": [
        ("read", {"ca": ("Per llegir", "llegir"), "es": ("Para leer", "leer"), "en": ("Read", "read")}),
        ("print", {"ca": ("Per imprimir", "imprimir"), "es": ("Para imprimir", "imprimir"), "en": ("Print", "print")}),
        ("video", {"ca": ("Vídeo", "video"), "es": ("Vídeo", "video"), "en": ("Video", "video")}),
        ("audio", {"ca": ("Àudio", "audio"), "es": ("Audio", "audio"), "en": ("Audio", "audio")}),
    ],
}

INDEXES = {
    "library": {
        "slugs": {"ca": "recursos", "es": "recursos", "en": "resources"},
        "fields": {
            "ca": {"title": "Recursos", "intro": rt("Informació clara per cuidar-te i cuidar les altres: sobredosi, barreges, drets, violències. Filtra per substància, via o tema, o cerca.")},
            "es": {"title": "Recursos", "intro": rt("Información clara para cuidarte y cuidar a las demás: sobredosis, mezclas, derechos, violencias. Filtra por sustancia, vía o tema, o busca.")},
            "en": {"title": "Resources", "intro": rt("Clear information to look after yourself and others: overdose, mixing, rights, violence. Filter by substance, way of use or topic, or search.")},
        },
    },
    "news": {
        "slugs": {"ca": "noticies", "es": "noticias", "en": "news"},
        "fields": {
            "ca": {"title": "Notícies", "intro": "El que passa a l'espai i el que defensem fora."},
            "es": {"title": "Noticias", "intro": "Lo que pasa en el espacio y lo que defendemos fuera."},
            "en": {"title": "News", "intro": "What happens in the space and what we stand up for outside it."},
        },
    },
    "publications": {
        "slugs": {"ca": "publicacions", "es": "publicaciones", "en": "publications"},
        "fields": {
            "ca": {"title": "Publicacions", "intro": "Informes i guies que escrivim amb les participants."},
            "es": {"title": "Publicaciones", "intro": "Informes y guías que escribimos con las participantes."},
            "en": {"title": "Publications", "intro": "Reports and guides we write together with participants."},
        },
    },
}

OVERDOSE_OPIOIDS = {
    "ca": {"signs": ["No respon quan la crides o la toques", "Respira molt lent, fa roncs o no respira", "Llavis i ungles blavosos", "Pupil·les molt petites"],
           "steps": ["Truca al 112 i digues que una persona no respira.", "Posa-li naloxona (al múscul de la cuixa o del braç) si en tens.", "Si no respira, fes respiracions de rescat o massatge cardíac com t'indiquin al 112.", "Si respira, posa-la de costat (posició lateral de seguretat).", "Queda't amb ella: l'efecte de la naloxona dura menys que el dels opiacis."],
           "emergency_number": "112"},
    "es": {"signs": ["No responde cuando la llamas o la tocas", "Respira muy lento, ronca o no respira", "Labios y uñas azulados", "Pupilas muy pequeñas"],
           "steps": ["Llama al 112 y di que una persona no respira.", "Ponle naloxona (en el músculo del muslo o del brazo) si tienes.", "Si no respira, haz respiraciones de rescate o masaje cardíaco según te indiquen en el 112.", "Si respira, ponla de lado (posición lateral de seguridad).", "Quédate con ella: el efecto de la naloxona dura menos que el de los opiáceos."],
           "emergency_number": "112"},
    "en": {"signs": ["Does not respond when you call or touch them", "Very slow breathing, snoring sounds, or no breathing", "Blue lips and fingertips", "Pinpoint pupils"],
           "steps": ["Call 112 and say someone is not breathing.", "Give naloxone (into the thigh or upper arm muscle) if you have it.", "If they are not breathing, give rescue breaths or chest compressions as 112 tells you.", "If they are breathing, put them on their side (recovery position).", "Stay with them: naloxone wears off sooner than opioids do."],
           "emergency_number": "112"},
}

OVERDOSE_STIMULANTS = {
    "ca": {"signs": ["Dolor o pressió al pit", "Cor molt accelerat, mal de cap fort", "Molta calor, suor o confusió", "Convulsions"],
           "steps": ["Truca al 112.", "Porta-la a un lloc tranquil i fresc, sense gaire gent.", "Refresca-la amb draps humits i dona-li aigua a glops si està conscient.", "Si convulsiona, aparta el que la pugui ferir i no li posis res a la boca.", "Queda't amb ella fins que arribi ajuda."],
           "emergency_number": "112"},
    "es": {"signs": ["Dolor o presión en el pecho", "Corazón muy acelerado, dolor de cabeza fuerte", "Mucho calor, sudor o confusión", "Convulsiones"],
           "steps": ["Llama al 112.", "Llévala a un lugar tranquilo y fresco, con poca gente.", "Refréscala con paños húmedos y dale agua a sorbos si está consciente.", "Si convulsiona, aparta lo que pueda herirla y no le pongas nada en la boca.", "Quédate con ella hasta que llegue ayuda."],
           "emergency_number": "112"},
    "en": {"signs": ["Chest pain or pressure", "Racing heart, severe headache", "Overheating, heavy sweating or confusion", "Seizures"],
           "steps": ["Call 112.", "Take them somewhere calm and cool, away from crowds.", "Cool them with damp cloths and give sips of water if they are conscious.", "If they have a seizure, move away anything that could hurt them and put nothing in their mouth.", "Stay with them until help arrives."],
           "emergency_number": "112"},
}

REVIEWERS = {"ca": "Equip de salut d'Espai Lila", "es": "Equipo de salud de Espai Lila", "en": "Espai Lila health team"}
LEGAL_REVIEWERS = {"ca": "Equip sociolegal d'Espai Lila", "es": "Equipo sociolegal de Espai Lila", "en": "Espai Lila socio-legal team"}


def _r(code, title, summary, alt, body, reviewed_by=REVIEWERS):
    return {"title": title, "summary": summary, "alt": alt, "body": body, "reviewed_by": reviewed_by[code]}


RESOURCES = [
    {
        "key": "naloxone",
        "slugs": {"ca": "naloxona", "es": "naloxona", "en": "naloxone"},
        "reviewed": "2026-01-15",
        "terms": {"substances": ["heroin"], "topics": ["overdose", "health"], "audiences": ["users", "friends"], "formats": ["read", "print"]},
        "related": ["not-alone", "heroin"],
        "text": {
            "ca": _r("ca", "Naloxona: pot salvar una vida", "La naloxona reverteix una sobredosi d'opiacis (heroïna, metadona, fentanil) durant una estona. Aprèn a fer-la servir i porta-la sempre a sobre.", "Il·lustració abstracta en tons liles i grocs", [
                ("key_facts", ["La naloxona desplaça els opiacis del cervell i torna a fer respirar la persona en pocs minuts.", "Fa efecte entre 30 i 90 minuts; els opiacis poden durar més i la sobredosi pot tornar.", "No fa res a qui no ha pres opiacis: si dubtes, posa-la.", "A l'espai et donem un kit gratuït i t'ensenyem a fer-lo servir en deu minuts."]),
                ("safer_use", rt("Porta la naloxona on la puguin trobar les teves companyes i explica'ls on és. Revisa la data de caducitat i guarda-la lluny de la calor.")),
                ("get_help", rt("Truca sempre al 112, encara que la persona es recuperi: pot tornar a perdre el coneixement quan s'acabi l'efecte.")),
                ("overdose", OVERDOSE_OPIOIDS["ca"]),
            ]),
            "es": _r("es", "Naloxona: puede salvar una vida", "La naloxona revierte una sobredosis de opiáceos (heroína, metadona, fentanilo) durante un rato. Aprende a usarla y llévala siempre encima.", "Ilustración abstracta en tonos lilas y amarillos", [
                ("key_facts", ["La naloxona desplaza los opiáceos del cerebro y hace que la persona vuelva a respirar en pocos minutos.", "Hace efecto entre 30 y 90 minutos; los opiáceos pueden durar más y la sobredosis puede volver.", "No hace nada a quien no ha tomado opiáceos: si dudas, ponla.", "En el espacio te damos un kit gratuito y te enseñamos a usarlo en diez minutos."]),
                ("safer_use", rt("Lleva la naloxona donde la puedan encontrar tus compañeras y diles dónde está. Revisa la fecha de caducidad y guárdala lejos del calor.")),
                ("get_help", rt("Llama siempre al 112, aunque la persona se recupere: puede volver a perder el conocimiento cuando se acabe el efecto.")),
                ("overdose", OVERDOSE_OPIOIDS["es"]),
            ]),
            "en": _r("en", "Naloxone can save a life", "Naloxone reverses an opioid overdose (heroin, methadone, fentanyl) for a while. Learn how to use it and carry it with you.", "Abstract illustration in purple and yellow tones", [
                ("key_facts", ["Naloxone pushes opioids off the brain's receptors and gets the person breathing again within minutes.", "It works for 30 to 90 minutes; opioids can last longer, so the overdose can come back.", "It does nothing to someone who has not taken opioids: if in doubt, give it.", "At the space we give you a free kit and show you how to use it in ten minutes."]),
                ("safer_use", rt("Keep naloxone where your friends can find it and tell them where it is. Check the expiry date and keep it away from heat.")),
                ("get_help", rt("Always call 112, even if the person comes round: they can pass out again when the naloxone wears off.")),
                ("overdose", OVERDOSE_OPIOIDS["en"]),
            ]),
        },
    },
    {
        "key": "not-alone",
        "slugs": {"ca": "no-consumeixis-sola", "es": "no-consumas-sola", "en": "dont-use-alone"},
        "reviewed": "2025-11-03",
        "terms": {"substances": ["any"], "topics": ["overdose"], "audiences": ["users", "friends"], "formats": ["read"]},
        "related": ["naloxone"],
        "text": {
            "ca": _r("ca", "No consumeixis sola", "La majoria de sobredosis mortals passen quan no hi ha ningú que pugui ajudar. Petits acords amb una persona de confiança ho canvien tot.", "Formes suaus en lila i verd", [
                ("key_facts", ["Si consumeixes acompanyada, algú pot trucar al 112 i posar naloxona.", "La sala de consum acompanyat de l'espai té personal format i material estèril.", "Consumir per torns, i no alhora, vol dir que sempre hi ha algú desperta."]),
                ("safer_use", ul("Avisa algú de confiança abans de consumir i queda que et truqui al cap d'una estona.", "Deixa la porta sense pany si consumeixes a casa.", "Prova primer una quantitat petita, sobretot si la substància és nova o fa dies que no consumeixes.")),
                ("get_help", rt("Si algú no respon, no esperis: truca al 112. Trucar per salvar una vida és el primer.")),
            ]),
            "es": _r("es", "No consumas sola", "La mayoría de sobredosis mortales ocurren cuando no hay nadie que pueda ayudar. Pequeños acuerdos con una persona de confianza lo cambian todo.", "Formas suaves en lila y verde", [
                ("key_facts", ["Si consumes acompañada, alguien puede llamar al 112 y poner naloxona.", "La sala de consumo acompañado del espacio tiene personal formado y material estéril.", "Consumir por turnos, y no a la vez, significa que siempre hay alguien despierta."]),
                ("safer_use", ul("Avisa a alguien de confianza antes de consumir y queda en que te llame al rato.", "Deja la puerta sin cerrojo si consumes en casa.", "Prueba primero una cantidad pequeña, sobre todo si la sustancia es nueva o hace días que no consumes.")),
                ("get_help", rt("Si alguien no responde, no esperes: llama al 112. Llamar para salvar una vida es lo primero.")),
            ]),
            "en": _r("en", "Don't use alone", "Most fatal overdoses happen when nobody is there to help. Small agreements with someone you trust change everything.", "Soft shapes in purple and green", [
                ("key_facts", ["If you use with someone, they can call 112 and give naloxone.", "The space's accompanied consumption room has trained staff and sterile supplies.", "Taking turns, rather than using at the same time, means someone is always awake."]),
                ("safer_use", ul("Tell someone you trust before you use and ask them to call you after a while.", "Leave the door unlocked if you use at home.", "Try a small amount first, especially if the substance is new or you haven't used for some days.")),
                ("get_help", rt("If someone does not respond, don't wait: call 112. Calling to save a life comes first.")),
            ]),
        },
    },
    {
        "key": "checking",
        "slugs": {"ca": "analitzar-substancies", "es": "analizar-sustancias", "en": "drug-checking"},
        "reviewed": "2025-09-10",
        "interval": 6,
        "terms": {"substances": ["any"], "topics": ["health"], "audiences": ["users"], "formats": ["read"]},
        "related": ["mixing"],
        "text": {
            "ca": _r("ca", "Analitzar les substàncies", "Saber què hi ha en el que consumeixes redueix riscos: adulterants, potència inesperada o fentanil. Hi ha serveis d'anàlisi anònims i gratuïts.", "Cercles grocs i liles difuminats", [
                ("key_facts", ["Un servei d'anàlisi et diu què conté una mostra i en quina quantitat aproximada; és anònim.", "Les tires de fentanil detecten el fentanil, però no tots els opiacis sintètics nous.", "Un resultat negatiu no vol dir que sigui segur: comença sempre amb poc."]),
                ("risks", rt("La potència pot canviar d'una compra a una altra. Alguns adulterants (com el levamisol a la cocaïna) afecten les defenses i la pell.")),
                ("safer_use", rt("Pregunta a l'espai on portar una mostra. Si no pots analitzar-la, fes servir una quantitat petita, espera i no barregis.")),
            ]),
            "es": _r("es", "Analizar las sustancias", "Saber qué hay en lo que consumes reduce riesgos: adulterantes, potencia inesperada o fentanilo. Hay servicios de análisis anónimos y gratuitos.", "Círculos amarillos y lilas difuminados", [
                ("key_facts", ["Un servicio de análisis te dice qué contiene una muestra y en qué cantidad aproximada; es anónimo.", "Las tiras de fentanilo detectan el fentanilo, pero no todos los opioides sintéticos nuevos.", "Un resultado negativo no significa que sea seguro: empieza siempre con poco."]),
                ("risks", rt("La potencia puede cambiar de una compra a otra. Algunos adulterantes (como el levamisol en la cocaína) afectan a las defensas y a la piel.")),
                ("safer_use", rt("Pregunta en el espacio dónde llevar una muestra. Si no puedes analizarla, usa una cantidad pequeña, espera y no mezcles.")),
            ]),
            "en": _r("en", "Drug checking", "Knowing what is in what you use lowers the risks: cutting agents, unexpected strength or fentanyl. Anonymous, free testing services exist.", "Blurred yellow and purple circles", [
                ("key_facts", ["A drug-checking service tells you what a sample contains and roughly how much; it is anonymous.", "Fentanyl test strips detect fentanyl, but not every new synthetic opioid.", "A negative result does not mean it is safe: always start low."]),
                ("risks", rt("Strength can change from one batch to the next. Some cutting agents (such as levamisole in cocaine) harm the immune system and the skin.")),
                ("safer_use", rt("Ask at the space where to take a sample. If you cannot test it, use a small amount, wait, and don't mix.")),
            ]),
        },
    },
    {
        "key": "mixing",
        "slugs": {"ca": "barreges", "es": "mezclas", "en": "mixing"},
        "reviewed": "2025-12-01",
        "terms": {"substances": ["alcohol", "benzos", "heroin", "cocaine"], "topics": ["mixing", "overdose"], "audiences": ["users", "friends", "pros"], "formats": ["read", "print"]},
        "related": ["naloxone", "heroin"],
        "text": {
            "ca": _r("ca", "Barreges: quan un més un fa més que dos", "Barrejar substàncies multiplica els riscos. Les combinacions més perilloses són les que alenteixen la respiració.", "Ones de colors que es barregen", [
                ("key_facts", ["Opiacis + alcohol o benzodiazepines: la combinació que causa més sobredosis mortals.", "Cocaïna + alcohol: el cos produeix cocaetilè, més dur per al cor i el fetge.", "MDMA + alguns antidepressius: risc de síndrome serotoninèrgica."]),
                ("risks", rt("Les substàncies depressores (opiacis, alcohol, benzodiazepines, GHB) sumen els seus efectes sobre la respiració. Els estimulants amaguen la borratxera i fan beure més.")),
                ("safer_use", ul("Si barreges, redueix la quantitat de cada substància.", "Espera que una faci efecte abans de prendre'n una altra.", "Explica a la teva companya què has pres.")),
                ("overdose", OVERDOSE_OPIOIDS["ca"]),
            ]),
            "es": _r("es", "Mezclas: cuando uno más uno suma más de dos", "Mezclar sustancias multiplica los riesgos. Las combinaciones más peligrosas son las que ralentizan la respiración.", "Ondas de colores que se mezclan", [
                ("key_facts", ["Opiáceos + alcohol o benzodiacepinas: la combinación que causa más sobredosis mortales.", "Cocaína + alcohol: el cuerpo produce cocaetileno, más duro para el corazón y el hígado.", "MDMA + algunos antidepresivos: riesgo de síndrome serotoninérgico."]),
                ("risks", rt("Las sustancias depresoras (opiáceos, alcohol, benzodiacepinas, GHB) suman sus efectos sobre la respiración. Los estimulantes esconden la borrachera y hacen beber más.")),
                ("safer_use", ul("Si mezclas, reduce la cantidad de cada sustancia.", "Espera a que una haga efecto antes de tomar otra.", "Cuenta a tu compañera qué has tomado.")),
                ("overdose", OVERDOSE_OPIOIDS["es"]),
            ]),
            "en": _r("en", "Mixing: when one plus one is more than two", "Mixing substances multiplies the risks. The most dangerous combinations are those that slow down breathing.", "Coloured waves blending into each other", [
                ("key_facts", ["Opioids + alcohol or benzodiazepines: the mix behind most fatal overdoses.", "Cocaine + alcohol: the body makes cocaethylene, harder on the heart and liver.", "MDMA + some antidepressants: risk of serotonin syndrome."]),
                ("risks", rt("Depressants (opioids, alcohol, benzodiazepines, GHB) add up their effects on breathing. Stimulants mask drunkenness and make people drink more.")),
                ("safer_use", ul("If you mix, take less of each.", "Wait for one to take effect before taking another.", "Tell your friend what you have taken.")),
                ("overdose", OVERDOSE_OPIOIDS["en"]),
            ]),
        },
    },
    {
        "key": "heroin",
        "slugs": {"ca": "heroina", "es": "heroina", "en": "heroin"},
        "reviewed": "2025-02-10",
        "terms": {"substances": ["heroin"], "ways_of_use": ["smoked", "injected", "snorted"], "topics": ["overdose", "health"], "audiences": ["users"], "formats": ["read", "print"]},
        "related": ["naloxone", "safer-injection"],
        "text": {
            "ca": _r("ca", "Heroïna: tolerància i sobredosi", "Després d'uns dies sense consumir (presó, hospital, desintoxicació) el cos tolera molt menys. És el moment de més risc de sobredosi.", "Taques liles i taronja", [
                ("key_facts", ["La tolerància baixa en pocs dies sense consumir.", "Fumar-la té menys risc de sobredosi i d'infeccions que injectar-la.", "La puresa varia i pot contenir fentanil."]),
                ("risks", rt("Sobredosi, sobretot barrejada amb alcohol o benzodiazepines. Infeccions i hepatitis C si es comparteix material.")),
                ("safer_use", ul("Comença amb una quantitat petita després d'un temps sense consumir.", "No consumeixis sola i porta naloxona.", "Fes servir material propi i estèril.")),
                ("get_help", rt("A l'espai pots parlar del tractament amb metadona o buprenorfina sense compromís.")),
                ("overdose", OVERDOSE_OPIOIDS["ca"]),
            ]),
            "es": _r("es", "Heroína: tolerancia y sobredosis", "Después de unos días sin consumir (cárcel, hospital, desintoxicación) el cuerpo tolera mucho menos. Es el momento de más riesgo de sobredosis.", "Manchas lilas y naranjas", [
                ("key_facts", ["La tolerancia baja en pocos días sin consumir.", "Fumarla tiene menos riesgo de sobredosis y de infecciones que inyectarla.", "La pureza varía y puede contener fentanilo."]),
                ("risks", rt("Sobredosis, sobre todo mezclada con alcohol o benzodiacepinas. Infecciones y hepatitis C si se comparte material.")),
                ("safer_use", ul("Empieza con una cantidad pequeña después de un tiempo sin consumir.", "No consumas sola y lleva naloxona.", "Usa material propio y estéril.")),
                ("get_help", rt("En el espacio puedes hablar del tratamiento con metadona o buprenorfina sin compromiso.")),
                ("overdose", OVERDOSE_OPIOIDS["es"]),
            ]),
            "en": _r("en", "Heroin: tolerance and overdose", "After a few days without using (prison, hospital, detox) the body tolerates much less. That is when the overdose risk is highest.", "Purple and orange blots", [
                ("key_facts", ["Tolerance drops within days of not using.", "Smoking it carries less risk of overdose and infection than injecting.", "Purity varies and it may contain fentanyl."]),
                ("risks", rt("Overdose, especially mixed with alcohol or benzodiazepines. Infections and hepatitis C when equipment is shared.")),
                ("safer_use", ul("Start with a small amount after a break.", "Don't use alone and carry naloxone.", "Use your own sterile equipment.")),
                ("get_help", rt("At the space you can talk about methadone or buprenorphine treatment, with no strings attached.")),
                ("overdose", OVERDOSE_OPIOIDS["en"]),
            ]),
        },
    },
    {
        "key": "smoking",
        "slugs": {"ca": "fumar-cocaina", "es": "fumar-cocaina", "en": "smoking-cocaine"},
        "reviewed": "2025-10-20",
        "terms": {"substances": ["cocaine"], "ways_of_use": ["smoked"], "topics": ["health"], "audiences": ["users"], "formats": ["read", "print"]},
        "related": ["mixing", "checking"],
        "text": {
            "ca": _r("ca", "Fumar cocaïna o crack amb menys riscos", "Una pipa pròpia, bons filtres i descans redueixen cremades, infeccions i l'esgotament.", "Cercles verds i grocs", [
                ("key_facts", ["Compartir pipa pot transmetre l'hepatitis C per petites ferides als llavis.", "Els filtres de llana d'acer desprenen partícules; millor filtres de llautó.", "El cos necessita menjar, aigua i dormir entre consums."]),
                ("safer_use", ul("Fes servir una pipa pròpia de vidre resistent a la calor, amb broquet.", "Evita llaunes i plàstics: desprenen fums tòxics.", "Posa't cacau o vaselina als llavis i beu aigua.")),
                ("get_help", rt("Dolor al pit, falta d'aire o el cor molt accelerat són una urgència: truca al 112.")),
                ("overdose", OVERDOSE_STIMULANTS["ca"]),
            ]),
            "es": _r("es", "Fumar cocaína o crack con menos riesgos", "Una pipa propia, buenos filtros y descanso reducen quemaduras, infecciones y agotamiento.", "Círculos verdes y amarillos", [
                ("key_facts", ["Compartir pipa puede transmitir la hepatitis C por pequeñas heridas en los labios.", "Los filtros de lana de acero desprenden partículas; mejor filtros de latón.", "El cuerpo necesita comer, agua y dormir entre consumos."]),
                ("safer_use", ul("Usa una pipa propia de vidrio resistente al calor, con boquilla.", "Evita latas y plásticos: desprenden humos tóxicos.", "Ponte cacao o vaselina en los labios y bebe agua.")),
                ("get_help", rt("Dolor en el pecho, falta de aire o el corazón muy acelerado son una urgencia: llama al 112.")),
                ("overdose", OVERDOSE_STIMULANTS["es"]),
            ]),
            "en": _r("en", "Smoking cocaine or crack more safely", "Your own pipe, good screens and rest reduce burns, infections and exhaustion.", "Green and yellow circles", [
                ("key_facts", ["Sharing a pipe can pass on hepatitis C through small cuts on the lips.", "Steel-wool screens shed particles; brass screens are better.", "Your body needs food, water and sleep between sessions."]),
                ("safer_use", ul("Use your own heat-resistant glass pipe with a mouthpiece.", "Avoid cans and plastic: they give off toxic fumes.", "Use lip balm and drink water.")),
                ("get_help", rt("Chest pain, shortness of breath or a racing heart are an emergency: call 112.")),
                ("overdose", OVERDOSE_STIMULANTS["en"]),
            ]),
        },
    },
    {
        "key": "safer-injection",
        "slugs": {"ca": "injeccio-mes-segura", "es": "inyeccion-mas-segura", "en": "safer-injection"},
        "reviewed": "2025-08-05",
        "terms": {"substances": ["heroin", "cocaine"], "ways_of_use": ["injected"], "topics": ["health"], "audiences": ["users"], "formats": ["read", "print"]},
        "related": ["heroin", "naloxone"],
        "text": {
            "ca": _r("ca", "Injecció més segura", "Material nou cada vegada i una bona tècnica eviten infeccions, abscessos i venes malmeses.", "Franges liles i blanques", [
                ("key_facts", ["Moltes farmàcies de Catalunya i l'espai donen material estèril gratuït.", "Compartir xeringa, cullera, filtre o aigua pot transmetre hepatitis C i VIH.", "Canviar de lloc d'injecció dona temps a les venes per recuperar-se."]),
                ("safer_use", ul("Renta't les mans i neteja la pell abans d'injectar.", "Fes servir cada vegada material nou i propi.", "Injecta en direcció al cor i evita el coll i l'engonal.", "Llença les xeringues en un contenidor rígid.")),
                ("get_help", rt("Si una zona es posa vermella, calenta, inflada o amb pus, o tens febre, consulta aviat: pot ser un abscés.")),
            ]),
            "es": _r("es", "Inyección más segura", "Material nuevo cada vez y una buena técnica evitan infecciones, abscesos y venas dañadas.", "Franjas lilas y blancas", [
                ("key_facts", ["Muchas farmacias de Cataluña y el espacio dan material estéril gratuito.", "Compartir jeringa, cuchara, filtro o agua puede transmitir hepatitis C y VIH.", "Cambiar de lugar de inyección da tiempo a las venas para recuperarse."]),
                ("safer_use", ul("Lávate las manos y limpia la piel antes de inyectarte.", "Usa cada vez material nuevo y propio.", "Inyecta en dirección al corazón y evita el cuello y la ingle.", "Tira las jeringas en un contenedor rígido.")),
                ("get_help", rt("Si una zona se pone roja, caliente, hinchada o con pus, o tienes fiebre, consulta pronto: puede ser un absceso.")),
            ]),
            "en": _r("en", "Safer injecting", "New equipment every time and good technique prevent infections, abscesses and damaged veins.", "Purple and white stripes", [
                ("key_facts", ["Many pharmacies in Catalonia and the space give out sterile equipment for free.", "Sharing syringes, spoons, filters or water can pass on hepatitis C and HIV.", "Rotating injection sites gives veins time to recover."]),
                ("safer_use", ul("Wash your hands and clean the skin before injecting.", "Use new equipment of your own every time.", "Inject towards the heart and avoid the neck and groin.", "Put used syringes in a rigid container.")),
                ("get_help", rt("If an area becomes red, hot, swollen or has pus, or you have a fever, get it checked soon: it may be an abscess.")),
            ]),
        },
    },
    {
        "key": "rights",
        "slugs": {"ca": "drets-policia", "es": "derechos-policia", "en": "rights-police"},
        "reviewed": "2026-01-20",
        "terms": {"substances": ["any"], "topics": ["rights"], "audiences": ["users", "friends"], "formats": ["read", "print"]},
        "related": ["violence"],
        "text": {
            "ca": _r("ca", "Els teus drets si t'atura la policia", "Portar drogues per a consum propi o consumir al carrer no és delicte, però pot comportar una multa administrativa. Coneix els teus drets.", "Formes geomètriques liles", [
                ("key_facts", ["Tenir drogues per a consum propi o consumir en un lloc públic és una infracció administrativa (Llei orgànica 4/2015), no un delicte.", "Si et detenen, tens dret a no declarar, a un advocat (d'ofici i gratuït si no en pots pagar), a un intèrpret i a avisar algú.", "Un escorcoll que impliqui treure't roba s'ha de fer en un lloc reservat i per un agent del mateix sexe."]),
                ("section", {"heading": "Què pots fer", "text": ul("Mantén la calma i demana el número d'identificació dels agents.", "No signis res que no entenguis.", "Si reps una multa, guarda-la i porta-la al servei sociolegal: hi ha terminis per presentar al·legacions.")}),
                ("get_help", rt("Dimarts i dijous a la tarda, l'equip sociolegal de l'espai et pot acompanyar.")),
            ], LEGAL_REVIEWERS),
            "es": _r("es", "Tus derechos si te para la policía", "Llevar drogas para consumo propio o consumir en la calle no es delito, pero puede suponer una multa administrativa. Conoce tus derechos.", "Formas geométricas lilas", [
                ("key_facts", ["Tener drogas para consumo propio o consumir en un lugar público es una infracción administrativa (Ley Orgánica 4/2015), no un delito.", "Si te detienen, tienes derecho a no declarar, a un abogado (de oficio y gratuito si no puedes pagarlo), a un intérprete y a avisar a alguien.", "Un cacheo que implique quitarte ropa debe hacerse en un lugar reservado y por un agente del mismo sexo."]),
                ("section", {"heading": "Qué puedes hacer", "text": ul("Mantén la calma y pide el número de identificación de los agentes.", "No firmes nada que no entiendas.", "Si recibes una multa, guárdala y llévala al servicio sociolegal: hay plazos para presentar alegaciones.")}),
                ("get_help", rt("Martes y jueves por la tarde, el equipo sociolegal del espacio puede acompañarte.")),
            ], LEGAL_REVIEWERS),
            "en": _r("en", "Your rights if the police stop you", "Carrying drugs for your own use or using in the street is not a crime in Spain, but it can lead to an administrative fine. Know your rights.", "Purple geometric shapes", [
                ("key_facts", ["Possessing drugs for personal use or using in a public place is an administrative offence (Organic Law 4/2015), not a crime.", "If you are arrested, you have the right to remain silent, to a lawyer (free if you cannot pay), to an interpreter and to have someone told.", "A search that involves removing clothes must be done out of public view and by an officer of the same sex."]),
                ("section", {"heading": "What you can do", "text": ul("Stay calm and ask for the officers' identification numbers.", "Don't sign anything you don't understand.", "If you get a fine, keep it and bring it to the socio-legal service: there are deadlines to appeal.")}),
                ("get_help", rt("On Tuesday and Thursday afternoons the space's socio-legal team can go with you.")),
            ], LEGAL_REVIEWERS),
        },
    },
    {
        "key": "violence",
        "slugs": {"ca": "violencia-masclista", "es": "violencia-machista", "en": "gender-violence"},
        "reviewed": "2025-12-12",
        "terms": {"substances": [], "topics": ["violence", "rights"], "audiences": ["users", "friends", "pros"], "formats": ["read", "print"]},
        "related": ["rights"],
        "text": {
            "ca": _r("ca", "Violència masclista: on trobar ajuda", "Consumir drogues no et treu el dret a estar protegida. Hi ha ajuda les 24 hores, gratuïta i confidencial.", "Cercles liles entrellaçats", [
                ("key_facts", ["El 016 és gratuït, funciona les 24 hores i atén en molts idiomes.", "La trucada al 016 no surt a la factura, però sí al registre de trucades del telèfon: esborra-la si cal.", "En perill immediat, truca al 112."]),
                ("callout", {"heading": "A l'espai", "text": rt("Pots venir a parlar sense cita. T'acompanyem als serveis que triïs, sense obligar-te a denunciar.")}),
                ("get_help", rt("Si algú et fa mal, et controla o t'amenaça, no és culpa teva, hagis consumit o no.")),
            ]),
            "es": _r("es", "Violencia machista: dónde encontrar ayuda", "Consumir drogas no te quita el derecho a estar protegida. Hay ayuda las 24 horas, gratuita y confidencial.", "Círculos lilas entrelazados", [
                ("key_facts", ["El 016 es gratuito, funciona las 24 horas y atiende en muchos idiomas.", "La llamada al 016 no aparece en la factura, pero sí en el registro de llamadas del teléfono: bórrala si hace falta.", "En peligro inmediato, llama al 112."]),
                ("callout", {"heading": "En el espacio", "text": rt("Puedes venir a hablar sin cita. Te acompañamos a los servicios que elijas, sin obligarte a denunciar.")}),
                ("get_help", rt("Si alguien te hace daño, te controla o te amenaza, no es culpa tuya, hayas consumido o no.")),
            ]),
            "en": _r("en", "Gender violence: where to find help", "Using drugs does not take away your right to be protected. Help is available 24 hours a day, free and confidential.", "Interlaced purple circles", [
                ("key_facts", ["016 is free, open 24 hours and answers in many languages.", "A call to 016 does not appear on the bill, but it does appear in the phone's call log: delete it if you need to.", "In immediate danger, call 112."]),
                ("callout", {"heading": "At the space", "text": rt("You can come and talk without an appointment. We go with you to the services you choose, without making you report.")}),
                ("get_help", rt("If someone hurts, controls or threatens you, it is not your fault, whether you have used or not.")),
            ]),
        },
    },
]

NALOXONE_PDF_LINES = [
    "Naloxona: pot salvar una vida",
    "1. Truca al 112 i digues que una persona no respira.",
    "2. Posa-li naloxona al muscul de la cuixa o del brac.",
    "3. Si respira, posa-la de costat (posicio lateral de seguretat).",
    "4. Queda't amb ella: la naloxona dura menys que els opiacis.",
    "",
    "Espai Lila - kit gratuit i formacio de deu minuts.",
]

# "{publications}" in a body becomes the id of the publications page in the same language.
NEWS = [
    {
        "key": "naloxone-training",
        "date": "2026-02-12",
        "slugs": {"ca": "formacio-naloxona", "es": "formacion-naloxona", "en": "naloxone-training"},
        "text": {
            "ca": {"title": "Quaranta persones formades en naloxona aquest hivern", "intro": "Cada dijous fem una formació de deu minuts i donem un kit gratuït.", "image_alt": "Il·lustració en tons liles", "body": [("paragraph", rt("La formació és oberta a participants, amistats i famílies. No cal apuntar-se."))]},
            "es": {"title": "Cuarenta personas formadas en naloxona este invierno", "intro": "Cada jueves hacemos una formación de diez minutos y damos un kit gratuito.", "image_alt": "Ilustración en tonos lilas", "body": [("paragraph", rt("La formación está abierta a participantes, amistades y familias. No hace falta apuntarse."))]},
            "en": {"title": "Forty people trained in naloxone this winter", "intro": "Every Thursday we run a ten-minute training and hand out a free kit.", "image_alt": "Illustration in purple tones", "body": [("paragraph", rt("The training is open to participants, friends and families. No need to sign up."))]},
        },
    },
    {
        "key": "new-hours",
        "date": "2026-01-08",
        "slugs": {"ca": "nou-horari-sala", "es": "nuevo-horario-sala", "en": "new-room-hours"},
        "text": {
            "ca": {"title": "La sala de consum obre també els dissabtes", "intro": "A partir de gener, la sala de consum acompanyat obre els dissabtes d'11 a 15 h.", "image_alt": "Formes en verd i groc", "body": [("paragraph", rt("Ho vam decidir en assemblea després de sentir que els caps de setmana són els dies de més risc."))]},
            "es": {"title": "La sala de consumo abre también los sábados", "intro": "A partir de enero, la sala de consumo acompañado abre los sábados de 11 a 15 h.", "image_alt": "Formas en verde y amarillo", "body": [("paragraph", rt("Lo decidimos en asamblea después de escuchar que los fines de semana son los días de más riesgo."))]},
            "en": {"title": "The consumption room now opens on Saturdays", "intro": "From January, the accompanied consumption room opens on Saturdays from 11:00 to 15:00.", "image_alt": "Shapes in green and yellow", "body": [("paragraph", rt("We decided it in assembly after hearing that weekends are the riskiest days."))]},
        },
    },
    {
        "key": "report-launch",
        "date": "2026-02-20",
        "slugs": {"ca": "presentacio-informe", "es": "presentacion-informe", "en": "report-launch"},
        "text": {
            "ca": {"title": "Presentem l'informe 2025", "intro": "Què hem après en un any de reducció de danys amb perspectiva de gènere.", "image_alt": "Taques de colors", "body": [("paragraph", rt("L'informe recull xifres agregades i les veus de les participants. El pots descarregar a la <a linktype=\"page\" id=\"{publications}\">pàgina de publicacions</a>."))]},
            "es": {"title": "Presentamos el informe 2025", "intro": "Qué hemos aprendido en un año de reducción de daños con perspectiva de género.", "image_alt": "Manchas de colores", "body": [("paragraph", rt("El informe recoge cifras agregadas y las voces de las participantes. Puedes descargarlo en la <a linktype=\"page\" id=\"{publications}\">página de publicaciones</a>."))]},
            "en": {"title": "Our 2025 report is out", "intro": "What we learned in a year of gender-informed harm reduction.", "image_alt": "Colourful blots", "body": [("paragraph", rt("The report brings together aggregated figures and participants' voices. Download it from the <a linktype=\"page\" id=\"{publications}\">publications page</a>."))]},
        },
    },
]

CAMPAIGN = {
    "slugs": {"ca": "espais-segurs-per-a-totes", "es": "espacios-seguros-para-todas", "en": "safe-spaces-for-all"},
    "text": {
        "ca": {"title": "Espais segurs per a totes", "intro": "Les dones i les persones de gènere divers que usen drogues necessiten serveis pensats també per a elles.", "image_alt": "Cercles entrellaçats liles i grocs",
               "demands": [("demand", "Horaris i espais no mixtos a tots els serveis de reducció de danys."), ("demand", "Naloxona gratuïta a totes les farmàcies."), ("demand", "Acompanyament a les víctimes de violència sense condicions sobre el consum.")],
               "body": [("paragraph", rt("Signa el manifest a l'espai o escriu-nos per adherir-hi la teva entitat."))]},
        "es": {"title": "Espacios seguros para todas", "intro": "Las mujeres y las personas de género diverso que usan drogas necesitan servicios pensados también para ellas.", "image_alt": "Círculos entrelazados lilas y amarillos",
               "demands": [("demand", "Horarios y espacios no mixtos en todos los servicios de reducción de daños."), ("demand", "Naloxona gratuita en todas las farmacias."), ("demand", "Acompañamiento a las víctimas de violencia sin condiciones sobre el consumo.")],
               "body": [("paragraph", rt("Firma el manifiesto en el espacio o escríbenos para adherir a tu entidad."))]},
        "en": {"title": "Safe spaces for all", "intro": "Women and gender-diverse people who use drugs need services designed with them in mind too.", "image_alt": "Interlaced purple and yellow circles",
               "demands": [("demand", "Women-only hours and spaces in every harm-reduction service."), ("demand", "Free naloxone in every pharmacy."), ("demand", "Support for survivors of violence with no conditions about drug use.")],
               "body": [("paragraph", rt("Sign the manifesto at the space or write to us to add your organisation."))]},
    },
}

REPORT = {
    "pdf_title": "Informe 2025 - Espai Lila",
    "pdf_lines": ["Informe 2025", "Espai Lila, cooperativa de reduccio de danys amb perspectiva de genere.", "Xifres agregades; les inferiors a 5 no es publiquen.", "Aquest document es una demostracio."],
    "slugs": {"ca": "informe-2025", "es": "informe-2025", "en": "report-2025"},
    "text": {
        "ca": {"title": "Informe 2025", "summary": "Un any d'activitat: tallers, sala de consum, acompanyament sociolegal i el que ens han explicat les participants.", "image_alt": "Portada abstracta en colors de l'espai",
               "body": [("paragraph", rt("Les xifres són agregades i les inferiors a cinc no es publiquen, per protegir les persones."))]},
        "es": {"title": "Informe 2025", "summary": "Un año de actividad: talleres, sala de consumo, acompañamiento sociolegal y lo que nos han contado las participantes.", "image_alt": "Portada abstracta en los colores del espacio",
               "body": [("paragraph", rt("Las cifras son agregadas y las inferiores a cinco no se publican, para proteger a las personas."))]},
        "en": {"title": "2025 report", "summary": "A year of activity: workshops, the consumption room, socio-legal support and what participants told us.", "image_alt": "Abstract cover in the space's colours",
               "body": [("paragraph", rt("Figures are aggregated and those below five are not published, to protect people."))]},
    },
}

PRESS = {
    "slugs": {"ca": "premsa", "es": "prensa", "en": "press"},
    "text": {
        "ca": {"title": "Premsa", "intro": rt("Per a entrevistes, parlem primer de com protegir l'anonimat de les participants. No fem fotos de persones a l'espai."), "contact_name": "Equip de comunicació", "contact_email": "premsa@espailila.example"},
        "es": {"title": "Prensa", "intro": rt("Para entrevistas, hablemos primero de cómo proteger el anonimato de las participantes. No hacemos fotos de personas en el espacio."), "contact_name": "Equipo de comunicación", "contact_email": "premsa@espailila.example"},
        "en": {"title": "Press", "intro": rt("For interviews, let's first talk about how to protect participants' anonymity. We do not photograph people in the space."), "contact_name": "Communications team", "contact_email": "premsa@espailila.example"},
    },
}

IMPACT = {
    "slugs": {"ca": "impacte", "es": "impacto", "en": "impact"},
    "text": {
        "ca": {"title": "Impacte", "intro": rt("Algunes xifres del que fem, comptades sense guardar mai qui és qui."), "method_note": "Xifres agregades. Per protegir les persones, els nombres inferiors a 5 es mostren com «menys de 5»."},
        "es": {"title": "Impacto", "intro": rt("Algunas cifras de lo que hacemos, contadas sin guardar nunca quién es quién."), "method_note": "Cifras agregadas. Para proteger a las personas, los números inferiores a 5 se muestran como «menos de 5»."},
        "en": {"title": "Impact", "intro": rt("Some figures about what we do, counted without ever recording who is who."), "method_note": "Aggregated figures. To protect people, numbers below 5 are shown as “fewer than 5”."},
    },
}
