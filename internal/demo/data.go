package demo

// The word lists and text templates of the demo clinic. Everything is fictional: the clinic, its staff,
// the street of the clinic, the e-mail domains (the reserved .example TLD) and all patients.

// The clinic and its staff are the same for every seed, so that documentation can name the sign-ins.
const (
	clinicName    = "Gezondheidscentrum De Linde"
	clinicShort   = "De Linde" // under the icon on a home screen
	clinicStreet  = "Lindehof 14"
	clinicPost    = "3818 LK"
	clinicCity    = "Amersfoort"
	clinicPhone   = "033 760 1234"
	clinicEmail   = "info@delinde.example"
	clinicWebsite = "https://www.delinde.example"
	patientDomain = "voorbeeld.example"
)

type staffMember struct {
	role, userName, given, prefix, family, mobile string
	display                                       string // name shown in the sign-in list
}

var staff = []staffMember{
	{role: "admin", userName: "beheer@delinde.example", given: "Ellen", family: "Kramer",
		mobile: "06 1750 2233", display: "Ellen Kramer"},
	{role: "practitioner", userName: "s.visser@delinde.example", given: "Sanne", family: "Visser",
		mobile: "06 2841 7719", display: "dr. Sanne Visser"},
	// The POH-GGZ (mental health practice nurse): a second agenda, and a second practitioner to book with.
	{role: "practitioner", userName: "j.dekker@delinde.example", given: "Jeroen", family: "Dekker",
		mobile: "06 4127 5583", display: "Jeroen Dekker"},
	{role: "assistant", userName: "l.bakker@delinde.example", given: "Lisa", family: "Bakker",
		mobile: "06 3392 0458", display: "Lisa Bakker"},
}

// How the practitioner signs messages and how patients address her.
const (
	practitionerSignature = "Sanne Visser, huisarts"
	practitionerAddress   = "dokter Visser"
)

// The first patient is the same for every seed: the one the demo prints as the patient sign-in.
var firstPatient = person{given: "Anna", prefix: "de", family: "Vries", female: true}

var femaleNames = []string{
	"Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Lisa", "Eva", "Fleur", "Anouk", "Iris", "Noor",
	"Femke", "Marloes", "Ingrid", "Els", "Marja", "Annemarie", "Wilma", "Joke", "Ria", "Truus", "Gerda",
	"Hanneke", "Petra", "Monique", "Linda", "Esther", "Saskia", "Yvonne", "Mirjam", "Karin", "Nicole",
	"Bianca", "Ilse", "Maaike", "Roos", "Tessa", "Nina", "Zoë", "Fatima", "Samira", "Yasmina", "Elif",
	"Demi", "Lieke", "Rianne", "Margreet", "Henny", "Corrie", "Jolanda", "Astrid", "Renée", "Chantal",
	"Mariëlle", "Floor", "Merel", "Britt", "Aaltje", "Geertje", "Hatice", "Naima",
}

var maleNames = []string{
	"Jan", "Piet", "Kees", "Henk", "Gerrit", "Willem", "Johan", "Hans", "Peter", "Marco", "Dennis",
	"Martijn", "Jeroen", "Bas", "Tim", "Thomas", "Daan", "Sem", "Lucas", "Bram", "Ruben", "Jesse", "Thijs",
	"Lars", "Stijn", "Niels", "Joost", "Wouter", "Sander", "Erik", "Frank", "Rob", "Ton", "Cor", "Bert",
	"Arie", "Dirk", "Mohammed", "Youssef", "Mehmet", "Emre", "Rik", "Luuk", "Gijs", "Koen", "Jasper",
	"Hidde", "Floris", "Teun", "Wim", "Harm", "Jos", "René", "Michiel", "André", "Hüseyin", "Said",
}

// familyNames holds {name prefix, family name}.
var familyNames = [][2]string{
	{"de", "Jong"}, {"", "Jansen"}, {"de", "Vries"}, {"van den", "Berg"}, {"van", "Dijk"}, {"", "Bakker"},
	{"", "Janssen"}, {"", "Visser"}, {"", "Smit"}, {"", "Meijer"}, {"de", "Boer"}, {"", "Mulder"},
	{"de", "Groot"}, {"", "Bos"}, {"", "Vos"}, {"", "Peters"}, {"", "Hendriks"}, {"van", "Leeuwen"},
	{"", "Dekker"}, {"", "Brouwer"}, {"de", "Wit"}, {"", "Dijkstra"}, {"", "Smits"}, {"de", "Graaf"},
	{"van der", "Meer"}, {"van der", "Linden"}, {"", "Kok"}, {"", "Jacobs"}, {"de", "Haan"},
	{"", "Vermeulen"}, {"van den", "Heuvel"}, {"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"},
	{"van der", "Heijden"}, {"", "Schouten"}, {"van", "Beek"}, {"", "Willems"}, {"van", "Vliet"},
	{"van de", "Ven"}, {"", "Hoekstra"}, {"", "Maas"}, {"", "Verhoeven"}, {"", "Koster"}, {"van", "Dam"},
	{"van der", "Wal"}, {"", "Prins"}, {"", "Blom"}, {"", "Huisman"}, {"ter", "Horst"}, {"ten", "Brink"},
	{"in 't", "Veld"}, {"van 't", "Hof"}, {"", "Postma"}, {"", "Kuipers"}, {"", "Yılmaz"}, {"", "Öztürk"},
	{"", "El Amrani"}, {"", "Bouzid"}, {"", "Kramer"}, {"", "Wijnands"}, {"van", "Essen"}, {"", "Bosman"},
	{"van", "Ommen"}, {"", "Timmermans"}, {"", "Zwart"}, {"", "Evers"}, {"van", "Wijk"}, {"", "Veenstra"},
}

var streets = []string{
	"Kerkstraat", "Dorpsstraat", "Molenweg", "Julianastraat", "Wilhelminalaan", "Beatrixstraat",
	"Schoolstraat", "Nieuwstraat", "Stationsweg", "Eikenlaan", "Beukenlaan", "Kastanjelaan", "Berkenlaan",
	"Prins Bernhardlaan", "Oranjestraat", "Emmalaan", "Parkweg", "Zandweg", "Hoofdstraat", "Torenstraat",
	"Vondellaan", "Rembrandtlaan", "Van Goghstraat", "Merelstraat", "Lijsterbeslaan", "Zonnebloemstraat",
	"Tulpstraat", "Anne Frankstraat", "Hogeweg", "Populierenlaan", "Esdoornstraat", "Koekoekstraat",
	"Graaf Adolfstraat", "Heideweg", "Kanaalweg", "Singel", "Lange Voren", "Korte Dijk", "Het Zand",
	"Weverstraat", "Smidsweg", "Bakkerserf",
}

// cities around the clinic, with their postcode range and a weight (how many patients live there).
type cityRange struct {
	name     string
	from, to int
	weight   int
}

var cities = []cityRange{
	{"Amersfoort", 3811, 3829, 40},
	{"Leusden", 3831, 3833, 10},
	{"Soest", 3761, 3768, 8},
	{"Baarn", 3741, 3744, 5},
	{"Nijkerk", 3861, 3864, 6},
	{"Hoevelaken", 3871, 3871, 4},
	{"Bunschoten-Spakenburg", 3751, 3752, 5},
	{"Woudenberg", 3931, 3931, 3},
	{"Barneveld", 3771, 3774, 4},
	{"Utrecht", 3511, 3585, 3},
}

// Postcode letters: the combinations SA, SD and SS are not used in the Netherlands.
const postcodeLetters = "ABCDEGHJKLMNPRSTVWXZ"

// apptKind is one of the demo clinic's appointment kinds (appointment_kinds), with the places it
// happens in (the first is the kind's own).
type apptKind struct {
	nl, en       string
	minutes      []int
	places       []string
	bookable     bool
	cancellable  bool
	publish      string // agenda.Publish…
	instructions [2]string
}

// demoPlaces are the clinic's rooms, all at the clinic's address but the online ones.
var demoPlaces = []string{"Spreekkamer 1", "Spreekkamer 2", "Spreekkamer 3", "Spreekkamer 4", "Oefenzaal",
	"Behandelkamer 5", "Telefonisch", "Online (beeldbellen)"}

var (
	intake = apptKind{"Intakegesprek", "Intake", []int{45, 60}, []string{"Spreekkamer 3"}, false, false, "now",
		[2]string{"Neem uw medicijnen en een geldig identiteitsbewijs mee.", "Please bring your medication and a valid ID."}}
	apptKinds = []apptKind{
		{"Consult huisarts", "GP consultation", []int{15}, []string{"Spreekkamer 1", "Spreekkamer 2"}, true, true, "now", [2]string{}},
		{"Dubbel consult huisarts", "Double GP consultation", []int{30}, []string{"Spreekkamer 1", "Spreekkamer 2"}, true, true, "now", [2]string{}},
		{"Behandelgesprek", "Treatment session", []int{45, 60}, []string{"Spreekkamer 3", "Spreekkamer 4"}, false, true, "day_before", [2]string{}},
		{"Evaluatiegesprek", "Evaluation", []int{30}, []string{"Spreekkamer 3"}, false, true, "now", [2]string{}},
		{"Fysiotherapie", "Physiotherapy", []int{30}, []string{"Oefenzaal", "Behandelkamer 5"}, false, true, "day_before",
			[2]string{"Neem een handdoek en makkelijk zittende kleding mee.", "Please bring a towel and comfortable clothes."}},
		{"Controle bloeddruk", "Blood pressure check", []int{15}, []string{"Spreekkamer 2"}, true, true, "now", [2]string{}},
		{"Diabetescontrole", "Diabetes check-up", []int{30}, []string{"Spreekkamer 2"}, false, true, "now",
			[2]string{"Kom nuchter: eet en drink vanaf 22.00 uur de avond ervoor niets meer, water mag wel.", "Please come fasting: no food or drinks after 10 pm the evening before, water is fine."}},
		{"Uitslaggesprek", "Results consultation", []int{15}, []string{"Spreekkamer 1"}, false, true, "now", [2]string{}},
		{"Telefonisch consult", "Phone consultation", []int{15}, []string{"Telefonisch"}, true, true, "now",
			[2]string{"De huisarts belt u op het nummer dat bij ons bekend is.", "The GP will call you on the number we have on file."}},
		{"Videoconsult", "Video consultation", []int{20, 30}, []string{"Online (beeldbellen)"}, false, true, "now",
			[2]string{"U krijgt vlak voor de afspraak een link om te beeldbellen.", "Shortly before the appointment you will get a link for the video call."}},
	}
)

// pohKinds are the kinds of appointment in the POH-GGZ's agenda; the others are in the GP's.
var pohKinds = map[string]bool{"Intakegesprek": true, "Behandelgesprek": true, "Evaluatiegesprek": true}

// phoneKind is the kind both practitioners offer for booking, so that a patient has a choice.
const phoneKind = "Telefonisch consult"

// Report templates. In bodies {Naam}/{naam} become "Mevrouw De Vries"/"mevrouw De Vries", {Hij}/{hij}
// {zijn} and {hem} the pronouns, {bd} a blood pressure and {datum} a date.
type reportKind struct {
	category, subcategory, title string
	first                        bool // written at the start of a treatment
	bodies                       []string
}

var reportKinds = []reportKind{
	{"Intake", "Intakeverslag", "Intakeverslag", true, []string{
		"{Naam} meldt zich met klachten van vermoeidheid, slecht slapen en piekeren, die sinds ongeveer drie maanden bestaan. Er is geen sprake van suïcidale gedachten. We spreken af te starten met vijf behandelgesprekken, gericht op het doorbreken van het piekeren.",
		"{Naam} is door de huisarts verwezen in verband met aanhoudende lage rugpijn na tilwerk. Bij onderzoek is de beweeglijkheid van de lage rug beperkt, zonder uitstraling naar de benen of uitvalsverschijnselen. Het doel van de behandeling is dat {hij} binnen acht weken weer zonder pijn kan wandelen en fietsen.",
		"{Naam} komt op verwijzing in verband met spanningsklachten en paniekaanvallen op het werk. {Hij} slaapt redelijk, maar ziet op tegen drukke situaties. We hebben de klachten en {zijn} hulpvraag in kaart gebracht en bespreken het behandelplan in het volgende gesprek.",
	}},
	{"Behandeling", "Behandelplan", "Behandelplan", true, []string{
		"In overleg met {naam} kiezen we voor cognitieve gedragstherapie: acht sessies van 45 minuten. De doelen zijn beter slapen, minder piekeren en het weer oppakken van sociale contacten. Na vier sessies evalueren we de voortgang met een korte vragenlijst.",
		"Het behandelplan bestaat uit twee keer per week oefentherapie gedurende zes weken, aangevuld met een dagelijks oefenschema voor thuis. We bouwen de belasting stap voor stap op. Na zes weken volgt een evaluatie.",
	}},
	{"Behandeling", "Voortgangsverslag", "Voortgangsverslag", false, []string{
		"{Naam} geeft aan dat het slapen beter gaat sinds {hij} een vast dag- en nachtritme aanhoudt. Het piekeren komt nog voor, vooral op zondagavond. We breiden de opdracht uit met een vast piekermoment overdag. De volgende afspraak is over twee weken.",
		"De oefeningen worden trouw uitgevoerd en de pijn is afgenomen van 7 naar 4 op een schaal van 10. Bukken gaat nog moeizaam. Het oefenprogramma is uitgebreid met twee stabiliteitsoefeningen.",
		"{Naam} heeft de afgelopen weken twee keer een paniekaanval gehad, minder vaak dan bij de start. De ademhalingsoefeningen helpen {hem} volgens eigen zeggen goed. We gaan verder met het oefenen van situaties die {hij} tot nu toe vermeed.",
	}},
	{"Behandeling", "Evaluatie", "Evaluatieverslag", false, []string{
		"De behandeling is na acht sessies geëvalueerd. {Naam} ervaart duidelijk minder klachten en de scores op de vragenlijst zijn verbeterd. We ronden de behandeling af met een terugvalpreventieplan; bij nieuwe klachten kan {hij} rechtstreeks contact opnemen.",
		"Na zes weken oefentherapie kan {naam} weer een half uur wandelen zonder pijn. Het doel van de behandeling is grotendeels bereikt. We bouwen de behandeling af naar één keer per twee weken.",
	}},
	{"Brieven", "Verwijsbrief", "Verwijsbrief fysiotherapie", false, []string{
		"Geachte collega, graag verwijs ik {naam} naar u in verband met aanhoudende schouderklachten rechts sinds zes weken. Er is geen trauma geweest en paracetamol gaf onvoldoende verlichting. Graag uw onderzoek en behandeling.",
		"Geachte collega, hierbij verwijs ik {naam} in verband met lage rugpijn die na vier weken niet vermindert. Er zijn geen alarmsymptomen. Graag uw beoordeling en oefentherapie.",
	}},
	{"Brieven", "Verwijsbrief", "Verwijsbrief dermatoloog", false, []string{
		"Geachte collega, hierbij verwijs ik {naam} in verband met een moedervlek op de rug die de afgelopen maanden van vorm en kleur is veranderd. Graag uw beoordeling en zo nodig behandeling. Met dank voor uw medewerking.",
	}},
	{"Brieven", "Afsluitbrief", "Afsluitbrief behandeling", false, []string{
		"Geachte collega, de behandeling van {naam} is op {datum} in goed overleg afgesloten. De klachten zijn duidelijk afgenomen en {hij} heeft een plan om terugval te voorkomen. Mocht het opnieuw minder gaan, dan kan {hij} zich rechtstreeks bij ons melden.",
	}},
	{"Onderzoek", "Laboratorium", "Uitslag bloedonderzoek", false, []string{
		"Het bloedonderzoek van {datum} laat een normaal Hb en een normale nierfunctie zien. Het nuchtere glucose is licht verhoogd (6,4 mmol/l). We herhalen de meting over drie maanden; tot die tijd adviseren we meer beweging en minder suiker.",
		"Het bloedonderzoek van {datum} is geheel normaal: Hb, schildklierfunctie, nierfunctie en ijzerwaarden vallen binnen de normaalwaarden. De vermoeidheid wordt dus niet verklaard door een afwijking in het bloed. We bespreken dit verder bij de volgende afspraak.",
	}},
	{"Onderzoek", "Laboratorium", "Uitslag cholesterol", false, []string{
		"Het totaal cholesterol is 5,8 mmol/l en het LDL 3,6 mmol/l. Gezien de leeftijd en de bloeddruk is medicatie op dit moment niet nodig. We bespreken leefstijladviezen bij de volgende controle.",
	}},
	{"Onderzoek", "Lichamelijk onderzoek", "Controle bloeddruk", false, []string{
		"De bloeddruk was vandaag {bd} mmHg. De medicatie blijft ongewijzigd. De volgende controle is over drie maanden; {naam} meet thuis twee keer per week.",
		"Bij controle is de bloeddruk {bd} mmHg en de pols regelmatig. {Naam} verdraagt de medicatie goed. We houden het huidige beleid aan.",
	}},
	{"Onderzoek", "Vragenlijst", "Uitkomst vragenlijst", false, []string{
		"De vragenlijst die {naam} bij de start en na zes weken invulde, laat een duidelijke afname van klachten zien. Vooral de stemming en de slaap zijn verbeterd. We bespreken de uitkomst in het volgende gesprek.",
	}},
}

type docKind struct {
	title, fileName string
	byAssistant     bool
	line            string // a line of text in the PDF
}

var docKinds = []docKind{
	{"Verwijsbrief", "verwijsbrief.pdf", false, "Verwijzing naar de tweede lijn, op verzoek van de huisarts."},
	{"Behandelplan", "behandelplan.pdf", false, "Doelen, afspraken en planning van de behandeling."},
	{"Informatiefolder slaaphygiëne", "informatiefolder-slaaphygiene.pdf", true, "Tips voor een goede nachtrust."},
	{"Oefenschema lage rug", "oefenschema-lage-rug.pdf", false, "Doe deze oefeningen dagelijks, rustig opbouwend."},
	{"Uitslag laboratoriumonderzoek", "uitslag-laboratorium.pdf", true, "Uitslagen van het bloedonderzoek."},
	{"Medicatieoverzicht", "medicatieoverzicht.pdf", true, "Overzicht van uw actuele medicatie."},
	{"Informatiefolder griepvaccinatie", "informatiefolder-griepprik.pdf", true, "Alles over de jaarlijkse griepprik."},
	{"Leefstijladvies", "leefstijladvies.pdf", false, "Adviezen over bewegen, voeding en roken."},
}

type medKind struct {
	name, strength, form, dosage, instructions string
	chronic                                    bool
	courseDays                                 int // for a course (not chronic): how long; 0 = as needed, no end date
	minAge                                     int
}

var medKinds = []medKind{
	{"Metformine", "500 mg", "tablet", "2x per dag 1 tablet", "Innemen tijdens of direct na de maaltijd.", true, 0, 45},
	{"Lisinopril", "10 mg", "tablet", "1x per dag 1 tablet", "'s Ochtends innemen.", true, 0, 45},
	{"Amlodipine", "5 mg", "tablet", "1x per dag 1 tablet", "", true, 0, 45},
	{"Simvastatine", "40 mg", "tablet", "1x per dag 1 tablet", "'s Avonds innemen.", true, 0, 50},
	{"Atorvastatine", "20 mg", "tablet", "1x per dag 1 tablet", "", true, 0, 50},
	{"Omeprazol", "20 mg", "maagsapresistente capsule", "1x per dag 1 capsule", "Een half uur voor het ontbijt innemen.", true, 0, 30},
	{"Levothyroxine", "50 microgram", "tablet", "1x per dag 1 tablet", "Nuchter innemen, 30 minuten voor het ontbijt.", true, 0, 25},
	{"Salbutamol", "100 microgram/dosis", "aerosol", "Zo nodig 1 à 2 inhalaties, maximaal 8 per dag", "Gebruiken met een voorzetkamer.", true, 0, 0},
	{"Sertraline", "50 mg", "tablet", "1x per dag 1 tablet", "'s Ochtends innemen. Niet plotseling stoppen.", true, 0, 18},
	{"Escitalopram", "10 mg", "tablet", "1x per dag 1 tablet", "Niet plotseling stoppen; afbouwen in overleg.", true, 0, 18},
	{"Metoprolol", "50 mg", "tablet met gereguleerde afgifte", "1x per dag 1 tablet", "Tablet heel doorslikken.", true, 0, 50},
	{"Acetylsalicylzuur", "80 mg", "dispergeerbare tablet", "1x per dag 1 tablet", "", true, 0, 55},
	{"Colecalciferol (vitamine D)", "800 IE", "tablet", "1x per dag 1 tablet", "", true, 0, 65},
	{"Hydrochloorthiazide", "12,5 mg", "tablet", "1x per dag 1 tablet", "'s Ochtends innemen.", true, 0, 50},
	{"Paracetamol", "500 mg", "tablet", "Zo nodig 1 à 2 tabletten, maximaal 6 per dag", "Minstens 4 uur tussen twee innames.", false, 0, 0},
	{"Ibuprofen", "400 mg", "tablet", "Zo nodig 3x per dag 1 tablet", "Innemen met voedsel of melk.", false, 14, 16},
	{"Naproxen", "250 mg", "tablet", "2x per dag 1 tablet", "Innemen tijdens de maaltijd.", false, 10, 16},
	{"Amoxicilline", "500 mg", "capsule", "3x per dag 1 capsule", "De kuur afmaken, ook als u zich eerder beter voelt.", false, 7, 0},
	{"Nitrofurantoïne", "100 mg", "capsule met gereguleerde afgifte", "2x per dag 1 capsule", "Innemen met voedsel.", false, 5, 16},
	{"Temazepam", "10 mg", "tablet", "Zo nodig 1 tablet voor het slapengaan", "Niet langer dan twee weken gebruiken.", false, 14, 18},
	{"Cetirizine", "10 mg", "tablet", "1x per dag 1 tablet", "Tijdens het hooikoortsseizoen.", false, 90, 0},
	{"Macrogol/elektrolyten", "", "poeder voor drank", "1x per dag 1 sachet", "Oplossen in een glas water.", false, 30, 0},
	{"Fluticason", "50 microgram/dosis", "neusspray", "1x per dag 2 sprays per neusgat", "", false, 60, 0},
}

// Message threads. Every conversation alternates and ends with the practitioner. Greetings and
// signatures are added when the thread is written.
type msg struct {
	byPractitioner bool
	body           string
}

type threadKind struct {
	subject  string
	messages []msg
}

var threadKinds = []threadKind{
	{"Vraag over mijn medicatie", []msg{
		{false, "Sinds ik de nieuwe tabletten gebruik, heb ik 's ochtends last van een droge mond en ben ik wat duizelig. Is dat normaal, of moet ik ermee stoppen?"},
		{true, "Een droge mond en lichte duizeligheid zijn bekende bijwerkingen die meestal na een paar weken minder worden. Stop niet op eigen houtje. Als de klachten over twee weken niet minder zijn, maak dan een afspraak voor een consult."},
	}},
	{"Afspraak verzetten", []msg{
		{false, "Ik kan helaas niet naar mijn volgende afspraak komen vanwege mijn werk. Is het mogelijk om die te verzetten naar een ochtend later in de week?"},
		{true, "Dat is geen probleem. Mijn assistente heeft uw afspraak verzet; u ziet de nieuwe tijd in de agenda van het portaal."},
	}},
	{"Uitslag bloedonderzoek", []msg{
		{false, "Ik heb vorige week bloed laten prikken. Zijn de uitslagen al bekend?"},
		{true, "De uitslagen zijn binnen en zien er goed uit: uw nierfunctie en cholesterol zijn normaal. U hoeft niets te doen; bij de volgende controle bespreken we het verder."},
	}},
	{"Herhaalrecept", []msg{
		{false, "Mijn tabletten zijn bijna op. Kunt u een herhaalrecept naar de apotheek sturen?"},
		{true, "Het herhaalrecept is naar uw apotheek gestuurd. U kunt de medicijnen morgen na 14.00 uur ophalen."},
	}},
	{"Vraag over het verslag", []msg{
		{false, "Ik heb het verslag van ons laatste gesprek gelezen. Er staat dat ik twee keer per week oefen, maar dat is drie keer. Kunt u dat aanpassen?"},
		{true, "Dank u wel voor uw oplettendheid. Ik heb het verslag aangepast."},
	}},
	{"Oefeningen thuis", []msg{
		{false, "De oefeningen voor mijn rug gaan goed, maar bij de tweede oefening voel ik een stekende pijn in mijn onderrug. Moet ik daarmee doorgaan?"},
		{true, "Sla de tweede oefening voorlopig over en doe de andere oefeningen rustig door. We kijken er bij uw volgende afspraak samen naar."},
	}},
	{"Slecht slapen", []msg{
		{false, "Sinds een paar weken slaap ik erg slecht en lig ik 's nachts te piekeren. Kan ik hier bij de volgende afspraak over praten?"},
		{true, "Fijn dat u dit laat weten. Laten we er in het volgende gesprek uitgebreid bij stilstaan. In de tussentijd kunt u de informatiefolder over slaaphygiëne in uw dossier lezen."},
	}},
	{"Uitnodiging griepvaccinatie", []msg{
		{true, "U komt dit jaar in aanmerking voor de griepprik. U kunt zonder afspraak langskomen op de griepprikmiddag in de praktijk. Wilt u laten weten of u komt?"},
		{false, "Dank u wel voor de uitnodiging. Ik kom graag."},
		{true, "Prima, tot dan. Neemt u een legitimatiebewijs mee en draag kleding waarmee u uw bovenarm makkelijk vrij kunt maken."},
	}},
	{"Vragenlijst voor uw volgende afspraak", []msg{
		{true, "Wilt u voor uw volgende afspraak de vragenlijst in het portaal invullen? Dan kunnen we de uitkomst samen bespreken."},
		{false, "Ik heb de vragenlijst ingevuld. Sommige vragen vond ik lastig te beantwoorden."},
		{true, "Dank u wel. De vragen die u lastig vond, nemen we in het gesprek samen door."},
	}},
	{"Controle bloeddruk", []msg{
		{true, "Het is tijd voor uw jaarlijkse controle van de bloeddruk. Wilt u een afspraak maken bij de praktijk?"},
		{false, "Ik heb via het portaal een afspraak gemaakt. Zal ik mijn thuismetingen meenemen?"},
		{true, "Ja, graag. Dan zie ik u op de afspraak."},
	}},
}

var monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// The demo clinic's terms of use, accepted by every patient at their first sign-in.
const termsNl = `# Gebruiksvoorwaarden van het patiëntenportaal

Met het patiëntenportaal van Gezondheidscentrum De Linde kunt u uw afspraken, uw dossier en uw berichten inzien. Door akkoord te gaan, belooft u het volgende:

- U houdt uw wachtwoord en uw telefoon voor uzelf. Deel uw inloggegevens met **niemand**.
- U logt uit als u klaar bent, zeker op een computer die u met anderen deelt.
- U gebruikt het portaal niet voor spoed. Bel bij spoed 112 of de praktijk.

# Wat wij doen

- Wij bewaren uw gegevens veilig en volgens de wet (AVG en WGBO).
- Wij houden bij wie uw dossier inziet. U kunt dat altijd bij ons opvragen.
- Klopt er iets niet in uw gegevens? Bel de praktijk, dan passen wij het aan.`

const termsEn = `# Terms of use of the patient portal

The patient portal of Gezondheidscentrum De Linde lets you see your appointments, your record and your messages. By accepting, you promise the following:

- You keep your password and your phone to yourself. Share your sign-in details with **no one**.
- You sign out when you are done, especially on a computer you share with others.
- You do not use the portal for emergencies. In an emergency, call 112 or the practice.

# What we do

- We keep your data safe and as the law requires (GDPR and the Dutch medical treatment act).
- We record who looks at your record. You can always ask us for that list.
- Is something in your details wrong? Call the practice and we will correct it.`
