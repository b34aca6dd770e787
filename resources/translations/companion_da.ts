<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>AboutDialog</name>
    <message>
        <source>KKR Meeting Companion</source>
        <translation>KKR Mødeassistent</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>Om {app}</translation>
    </message>
    <message>
        <source>Read KKR Midtjylland&apos;s meeting agendas offline.</source>
        <translation>Læs KKR Midtjyllands dagsordener offline.</translation>
    </message>
    <message>
        <source>Free software under the GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later). The source: the file LICENSE and the source code shipped with this program, in the program&apos;s folder.</source>
        <translation>Fri software under GNU Affero General Public License, version 3 eller senere (AGPL-3.0-or-later). Kildekoden: filen LICENSE og kildekoden, der følger med programmet, i programmets mappe.</translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>Program:</translation>
    </message>
    <message>
        <source>Meetings and notes:</source>
        <translation>Møder og noter:</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Indstillinger:</translation>
    </message>
    <message>
        <source>Licence:</source>
        <translation>Licens:</translation>
    </message>
    <message>
        <source>Open in the file manager</source>
        <translation>Åbn i filhåndteringen</translation>
    </message>
</context>
<context>
    <name>Accessibility</name>
    <message>
        <source>Clear the field</source>
        <translation>Ryd feltet</translation>
    </message>
    <message>
        <source>More menus</source>
        <translation>Flere menuer</translation>
    </message>
</context>
<context>
    <name>AgendaModel</name>
    <message>
        <source>New since you first read this meeting</source>
        <extracomment>The item&apos;s `UpdateMark` kind (&quot;new&quot; / &quot;updated&quot;), or None. The member&apos;s stance on the item (one of `STANCE_COLORS`&apos; keys), or None. True for the item the session (the chair&apos;s, or the member following) is on now. How much of the success colour tints the row the session is on. The stances of `companion.core.personal.STANCES` in order, with their colours.</extracomment>
        <translation>Nyt siden du første gang læste mødet</translation>
    </message>
    <message>
        <source>Updated since you read it</source>
        <translation>Opdateret siden du læste det</translation>
    </message>
    <message>
        <source>version {n}</source>
        <translation>version {n}</translation>
    </message>
    <message>
        <source>Closed item</source>
        <translation>Lukket punkt</translation>
    </message>
    <message>
        <source>The meeting is on this item now</source>
        <translation>Mødet behandler dette punkt nu</translation>
    </message>
    <message>
        <source>No items in this group</source>
        <translation>Ingen punkter i denne gruppe</translation>
    </message>
    <message>
        <source>1 attachment in the package</source>
        <translation>1 bilag i pakken</translation>
    </message>
    <message>
        <source>{count} attachments in the package</source>
        <translation>{count} bilag i pakken</translation>
    </message>
    <message>
        <source>{present}; {missing} not provided</source>
        <translation>{present}; {missing} ikke leveret</translation>
    </message>
    <message>
        <source>Your position: {stance}</source>
        <translation>Din holdning: {stance}</translation>
    </message>
</context>
<context>
    <name>AgendaTree</name>
    <message>
        <source>Agenda</source>
        <translation>Dagsorden</translation>
    </message>
</context>
<context>
    <name>AttachmentPane</name>
    <message>
        <source>Attachments</source>
        <extracomment>How long an attachment must be shown before it counts as read. A one-line description of what the viewer shows, for the status bar. An attachment was marked read (item id, attachment id).</extracomment>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>Agenda (the whole meeting)</source>
        <translation>Dagsorden (hele mødet)</translation>
    </message>
    <message>
        <source>not provided in the package</source>
        <translation>ikke med i pakken</translation>
    </message>
    <message>
        <source>missing or damaged here: the next sync or import fetches it again</source>
        <translation>mangler eller er beskadiget her: den næste synkronisering eller import henter det igen</translation>
    </message>
    <message>
        <source>Agenda, page {page}</source>
        <translation>Dagsorden, side {page}</translation>
    </message>
    <message>
        <source>{title} (not read yet)</source>
        <translation>{title} (ikke læst endnu)</translation>
    </message>
    <message>
        <source>{title} — updated</source>
        <translation>{title} — opdateret</translation>
    </message>
    <message>
        <source>{title}: replaced in version {version} after you read it.</source>
        <translation>{title}: udskiftet i version {version}, efter du læste det.</translation>
    </message>
</context>
<context>
    <name>CoreErrors</name>
    <message>
        <source>Could not {action} {path}: the disk is full. Free some space and try again.</source>
        <translation>Kunne ikke {action} {path}: disken er fuld. Frigør noget plads, og prøv igen.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: the disk or folder is read-only. Choose a folder you can write to.</source>
        <translation>Kunne ikke {action} {path}: disken eller mappen er skrivebeskyttet. Vælg en mappe, du kan skrive i.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: you do not have permission. Choose a folder of your own, or ask your IT support for access.</source>
        <translation>Kunne ikke {action} {path}: du har ikke tilladelse. Vælg en af dine egne mapper, eller bed IT-supporten om adgang.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: another program is using it. Close that program (or the other window of the companion) and try again.</source>
        <translation>Kunne ikke {action} {path}: et andet program bruger den. Luk det program (eller companionens andet vindue), og prøv igen.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: the folder does not exist. Choose another folder.</source>
        <translation>Kunne ikke {action} {path}: mappen findes ikke. Vælg en anden mappe.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: a file stands where a folder is needed, or a folder where a file is needed. Move it away or choose another name.</source>
        <translation>Kunne ikke {action} {path}: der ligger en fil, hvor der skal være en mappe, eller en mappe, hvor der skal være en fil. Flyt den, eller vælg et andet navn.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: the disk reported a read or write error. Check the disk or USB stick and try again.</source>
        <translation>Kunne ikke {action} {path}: disken meldte en læse- eller skrivefejl. Kontrollér disken eller USB-nøglen, og prøv igen.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: the file is damaged.</source>
        <translation>Kunne ikke {action} {path}: filen er beskadiget.</translation>
    </message>
    <message>
        <source>Could not {action} {path}: {detail}.</source>
        <translation>Kunne ikke {action} {path}: {detail}.</translation>
    </message>
    <message>
        <source>write</source>
        <translation>skrive til</translation>
    </message>
    <message>
        <source>read</source>
        <translation>læse</translation>
    </message>
    <message>
        <source>open</source>
        <translation>åbne</translation>
    </message>
    <message>
        <source>create</source>
        <translation>oprette</translation>
    </message>
    <message>
        <source>save to</source>
        <translation>gemme i</translation>
    </message>
    <message>
        <source>{url} is not the address of a web site: type the site&apos;s address, e.g. https://dagsordener-referater.hvidovre.dk.</source>
        <extracomment>&quot;feed&quot;: our own feed (or a package file or folder); &quot;firstagenda&quot;: a municipality&apos;s FirstAgenda Publication site. How many months back a FirstAgenda sync reaches by default, and at most.</extracomment>
        <translation>{url} er ikke adressen på et websted: skriv webstedets adresse, f.eks. https://dagsordener-referater.hvidovre.dk.</translation>
    </message>
    <message>
        <source>Choose at least one committee of {url} to sync.</source>
        <translation>Vælg mindst ét udvalg på {url}, som skal synkroniseres.</translation>
    </message>
    <message>
        <source>How far back to fetch must be between 1 and {most} months, not {months}.</source>
        <translation>Hvor langt tilbage der hentes, skal være mellem 1 og {most} måneder, ikke {months}.</translation>
    </message>
    <message>
        <source>{url} is not encrypted (http), so your password or token could be read on the network: use the source&apos;s https:// address, or, only if you accept that risk, allow it (&quot;Send my password unencrypted anyway&quot;, or --allow-insecure-http).</source>
        <translation>{url} er ikke krypteret (http), så din adgangskode eller dit token kan læses på netværket: brug kildens https://-adresse, eller tillad det kun, hvis du accepterer risikoen (&quot;Send alligevel min adgangskode ukrypteret&quot; eller --allow-insecure-http).</translation>
    </message>
    <message>
        <source>{url} is not encrypted (http), so your password or token was not sent: change the source to its https:// address, or add it again allowing an unencrypted sign-in.</source>
        <extracomment>The largest index or manifest read into memory.</extracomment>
        <translation>{url} er ikke krypteret (http), så din adgangskode eller dit token blev ikke sendt: skift kilden til dens https://-adresse, eller tilføj den igen og tillad ukrypteret login.</translation>
    </message>
    <message>
        <source>{label} is not a readable PDF ({detail}).</source>
        <translation>{label} er ikke en PDF, der kan læses ({detail}).</translation>
    </message>
    <message>
        <source>{label} is protected by a password or has no pages, so it was left out.</source>
        <translation>{label} er beskyttet med en adgangskode eller har ingen sider, så den er udeladt.</translation>
    </message>
    <message>
        <source>{label} cannot be annotated ({detail}).</source>
        <translation>Der kan ikke sættes markeringer i {label} ({detail}).</translation>
    </message>
    <message>
        <source>{label}: the file is not in the library. Sync the meeting again to fetch it.</source>
        <translation>{label}: filen er ikke i biblioteket. Synkronisér mødet igen for at hente den.</translation>
    </message>
    <message>
        <source>Could not write {path}: {detail}.</source>
        <extracomment>Characters no file system accepts in a name (Windows is the strictest).</extracomment>
        <translation>Kunne ikke skrive {path}: {detail}.</translation>
    </message>
    <message>
        <source>{name} ends in {suffix}, which is not a {format} file. Name the file {expected}, or choose the format that fits the name.</source>
        <translation>{name} ender på {suffix}, som ikke er en {format}-fil. Kald filen {expected}, eller vælg det format, der passer til navnet.</translation>
    </message>
    <message>
        <source>Cannot tell the format from the name {name}. End it in {suffixes}, or choose a format.</source>
        <translation>Formatet kan ikke ses af navnet {name}. Lad navnet ende på {suffixes}, eller vælg et format.</translation>
    </message>
    <message>
        <source>Type a word to search for.</source>
        <translation>Skriv et ord at søge efter.</translation>
    </message>
    <message>
        <source>There is nothing to search for in &quot;{query}&quot;: type a word of letters or digits.</source>
        <translation>Der er intet at søge efter i &quot;{query}&quot;: skriv et ord med bogstaver eller tal.</translation>
    </message>
    <message>
        <source>A quotation mark is not closed: put a &quot; after the last word of the phrase.</source>
        <translation>Et anførselstegn er ikke lukket: sæt et &quot; efter det sidste ord i udtrykket.</translation>
    </message>
    <message>
        <source>The quotation marks hold no word: put the words that belong together between them.</source>
        <translation>Der står intet ord mellem anførselstegnene: sæt de ord, der hører sammen, mellem dem.</translation>
    </message>
    <message>
        <source>OR needs a word on each side, like: sundhed OR psykiatri.</source>
        <translation>OR skal have et ord på hver side, fx: sundhed OR psykiatri.</translation>
    </message>
    <message>
        <source>AND needs a word on each side, like: sundhed AND psykiatri.</source>
        <translation>AND skal have et ord på hver side, fx: sundhed AND psykiatri.</translation>
    </message>
    <message>
        <source>A minus (or NOT) goes right before the word to leave out, like: sundhed -psykiatri.</source>
        <translation>Et minus (eller NOT) skal stå lige foran det ord, der skal udelades, fx: sundhed -psykiatri.</translation>
    </message>
    <message>
        <source>OR joins words to find, not words to leave out: remove the OR or the minus.</source>
        <translation>OR forbinder ord, der skal findes, ikke ord, der skal udelades: fjern OR eller minusset.</translation>
    </message>
    <message>
        <source>Add a word to find: a search cannot only leave words out.</source>
        <translation>Tilføj et ord, der skal findes: en søgning kan ikke kun udelade ord.</translation>
    </message>
    <message>
        <source>{name} is protected by a password. Open it in a PDF reader, save a copy without the password and import that.</source>
        <extracomment>The ``creator`` the app writes into its own agenda PDF (companion.core.agenda_pdf). Fewer visible characters than this in the whole PDF: it has no text layer.</extracomment>
        <translation>{name} er beskyttet med en adgangskode. Åbn den i et PDF-program, gem en kopi uden adgangskode, og importér kopien.</translation>
    </message>
    <message>
        <source>{name} is not a meeting package, an agenda text or a PDF. Choose the agenda (PDF or text) or the meeting package (.zip) as the secretariat sent it.</source>
        <extracomment>How much of a file is read to tell what it is. PDF readers accept the header anywhere in the first KiB; so do we.</extracomment>
        <translation>{name} er hverken en mødepakke, en dagsordentekst eller en PDF. Vælg dagsordenen (PDF eller tekst) eller mødepakken (.zip), som sekretariatet sendte den.</translation>
    </message>
    <message>
        <source>{name} does not read as an agenda ({detail}). Choose the meeting&apos;s agenda as a text or PDF file.</source>
        <translation>{name} kan ikke læses som en dagsorden ({detail}). Vælg mødets dagsorden som tekst- eller PDF-fil.</translation>
    </message>
    <message>
        <source>{name} is a PDF but not an agenda: it has no numbered agenda items. If it is a bilag, import it together with its agenda.</source>
        <translation>{name} er en PDF, men ikke en dagsorden: den har ingen nummererede punkter. Er det et bilag, så importér det sammen med dagsordenen.</translation>
    </message>
    <message>
        <source>{name} is a folder without a meeting package (no meeting.json). If it holds bilag, import it together with its agenda.</source>
        <translation>{name} er en mappe uden en mødepakke (ingen meeting.json). Indeholder den bilag, så importér den sammen med dagsordenen.</translation>
    </message>
    <message>
        <source>{name} was not found. Choose the file again.</source>
        <translation>{name} blev ikke fundet. Vælg filen igen.</translation>
    </message>
    <message>
        <source>{name} could not be added to the library: {detail}.</source>
        <translation>{name} kunne ikke føjes til biblioteket: {detail}.</translation>
    </message>
    <message>
        <source>{name} names no bilag of the agendas imported with it. Import it together with its own agenda.</source>
        <translation>{name} svarer ikke til noget bilag i de dagsordener, der blev importeret sammen med den. Importér den sammen med sin egen dagsorden.</translation>
    </message>
    <message>
        <source>{name} names no bilag of the agenda; it was left out.</source>
        <translation>{name} svarer ikke til noget bilag i dagsordenen og blev udeladt.</translation>
    </message>
    <message>
        <source>{name} is not a PDF or is damaged. Ask the secretariat to send it again.</source>
        <translation>{name} er ikke en PDF, eller den er beskadiget. Bed sekretariatet om at sende den igen.</translation>
    </message>
    <message>
        <source>{name} is not a PDF. Choose the agenda as a PDF or a text file.</source>
        <translation>{name} er ikke en PDF. Vælg dagsordenen som PDF eller tekstfil.</translation>
    </message>
    <message>
        <source>{name} has no text layer: it is a scan (pictures of pages). Ask the secretariat for the agenda PDF as sent by e-mail, or run text recognition (OCR) on it first.</source>
        <translation>{name} har ikke noget tekstlag: den er scannet (billeder af siderne). Bed sekretariatet om dagsordenen som den PDF, der blev sendt med e-mail, eller kør tekstgenkendelse (OCR) på den først.</translation>
    </message>
    <message>
        <source>{name} contains no text. Ask the secretariat to send the agenda again.</source>
        <translation>{name} indeholder ingen tekst. Bed sekretariatet om at sende dagsordenen igen.</translation>
    </message>
    <message>
        <source>The meeting {meeting_id} is not in the library.</source>
        <translation>Mødet {meeting_id} findes ikke i biblioteket.</translation>
    </message>
    <message>
        <source>Version {version} of the meeting {meeting_id} is not in the library.</source>
        <translation>Version {version} af mødet {meeting_id} findes ikke i biblioteket.</translation>
    </message>
    <message>
        <source>The meeting {meeting_id} has version {version}; a version must be a whole number from 1 to 9223372036854775807.</source>
        <translation>Mødet {meeting_id} har version {version}; en version skal være et helt tal fra 1 til 9223372036854775807.</translation>
    </message>
    <message>
        <source>{value} is not a sha256 checksum.</source>
        <translation>{value} er ikke en sha256-kontrolsum.</translation>
    </message>
    <message>
        <source>The library database {path} was written by a newer version of the companion (schema {found}, this version knows {known}). Update the companion to open it.</source>
        <translation>Biblioteksdatabasen {path} er skrevet af en nyere version af mødeappen (skema {found}, denne version kender {known}). Opdatér appen for at åbne den.</translation>
    </message>
    <message>
        <source>The library database {path} was written by an older version of the companion and must be updated, but it is read-only. Open it once from a folder you can write to.</source>
        <translation>Biblioteksdatabasen {path} er skrevet af en ældre version af mødeappen og skal opdateres, men den er skrivebeskyttet. Åbn den én gang fra en mappe, du kan skrive i.</translation>
    </message>
    <message>
        <source>The library database {path} is damaged and cannot be read. It is only a copy of the meetings: move it away and import the meetings again.</source>
        <translation>Biblioteksdatabasen {path} er beskadiget og kan ikke læses. Den er kun en kopi af møderne: flyt den væk, og importér møderne igen.</translation>
    </message>
    <message>
        <source>Changes are off: the library {path} is on a read-only disk or share. You can read the meetings, but not import, remove or sync them; to do that, use a library folder you can write to.</source>
        <translation>Ændringer er slået fra: biblioteket {path} ligger på et skrivebeskyttet drev eller netværksdrev. Du kan læse møderne, men ikke importere, fjerne eller synkronisere dem; brug en biblioteksmappe, du kan skrive i, for at gøre det.</translation>
    </message>
    <message>
        <source>Changes are off: the library database {path} is a read-only file. You can read the meetings, but not import, remove or sync them; to do that, make the file writable or use another library folder.</source>
        <translation>Ændringer er slået fra: biblioteksdatabasen {path} er en skrivebeskyttet fil. Du kan læse møderne, men ikke importere, fjerne eller synkronisere dem; fjern skrivebeskyttelsen eller brug en anden biblioteksmappe for at gøre det.</translation>
    </message>
    <message>
        <source>Changes are off: you do not have permission to change the library folder {path}. You can read the meetings, but not import, remove or sync them; to do that, ask your IT support for access or use another library folder.</source>
        <translation>Ændringer er slået fra: du har ikke tilladelse til at ændre biblioteksmappen {path}. Du kan læse møderne, men ikke importere, fjerne eller synkronisere dem; bed din IT-support om adgang eller brug en anden biblioteksmappe for at gøre det.</translation>
    </message>
    <message>
        <source>This package of {meeting_id} has version {version}, which the library already holds with other content: items {items} differ. A changed meeting needs a higher version number: publish it as version {next} and import it again.</source>
        <translation>Denne pakke med {meeting_id} har version {version}, som biblioteket allerede har med andet indhold: punkt {items} er forskellige. Et ændret møde skal have et højere versionsnummer: udgiv det som version {next}, og importér det igen.</translation>
    </message>
    <message>
        <source>This package of {meeting_id} has version {version}, which the library already holds with other content: the meeting.json fields {fields} differ. A changed meeting needs a higher version number: publish it as version {next} and import it again.</source>
        <translation>Denne pakke med {meeting_id} har version {version}, som biblioteket allerede har med andet indhold: felterne {fields} i meeting.json er forskellige. Et ændret møde skal have et højere versionsnummer: udgiv det som version {next}, og importér det igen.</translation>
    </message>
    <message>
        <source>This package of {meeting_id} has version {version}, which the library already holds with other content: items {items} and the meeting.json fields {fields} differ. A changed meeting needs a higher version number: publish it as version {next} and import it again.</source>
        <translation>Denne pakke med {meeting_id} har version {version}, som biblioteket allerede har med andet indhold: punkt {items} og felterne {fields} i meeting.json er forskellige. Et ændret møde skal have et højere versionsnummer: udgiv det som version {next}, og importér det igen.</translation>
    </message>
    <message>
        <source>The meeting package {source} cannot be used: {problem}</source>
        <extracomment>Zip bomb guards: the declared uncompressed total, and the compression ratio allowed for members larger than `RATIO_CHECK_MIN_SIZE`. Fixed timestamp for zip members, so equal input gives equal zips. Errors a damaged zip member raises while it is read.</extracomment>
        <translation>Mødepakken {source} kan ikke bruges: {problem}</translation>
    </message>
    <message>
        <source>The meeting package {source} cannot be used; it has {count} problems:</source>
        <translation>Mødepakken {source} kan ikke bruges; den har {count} fejl:</translation>
    </message>
    <message>
        <source>{member} is a symbolic link, which a package may not contain.</source>
        <translation>{member} er et symbolsk link, og det må en pakke ikke indeholde.</translation>
    </message>
    <message>
        <source>{member} lies in the folder {folder}, which is a symbolic link; a package may not contain links.</source>
        <translation>{member} ligger i mappen {folder}, som er et symbolsk link; en pakke må ikke indeholde links.</translation>
    </message>
    <message>
        <source>{member} is missing from the package.</source>
        <translation>{member} mangler i pakken.</translation>
    </message>
    <message>
        <source>{member} is {size} bytes, more than the limit of {limit}.</source>
        <translation>{member} fylder {size} byte, mere end grænsen på {limit}.</translation>
    </message>
    <message>
        <source>{member} is damaged in the zip ({detail}).</source>
        <translation>{member} er beskadiget i zip-filen ({detail}).</translation>
    </message>
    <message>
        <source>{member} is larger than the {expected} bytes meeting.json says.</source>
        <translation>{member} er større end de {expected} byte, som meeting.json angiver.</translation>
    </message>
    <message>
        <source>{member} is {size} bytes, but meeting.json says {expected}.</source>
        <translation>{member} fylder {size} byte, men meeting.json angiver {expected}.</translation>
    </message>
    <message>
        <source>{member} does not match its checksum in meeting.json (its sha256 is {sha256}); it is damaged or was replaced.</source>
        <translation>{member} passer ikke med sin kontrolsum i meeting.json (dens sha256 er {sha256}); den er beskadiget eller udskiftet.</translation>
    </message>
    <message>
        <source>No local file was given for {member} (sha256 {sha256}).</source>
        <translation>Der er ikke angivet en lokal fil til {member} (sha256 {sha256}).</translation>
    </message>
    <message>
        <source>{path} cannot be read for {member}: {detail}.</source>
        <translation>{path} kan ikke læses til {member}: {detail}.</translation>
    </message>
    <message>
        <source>The local file {path} was given, but: {problem}</source>
        <translation>Den lokale fil {path} blev angivet, men: {problem}</translation>
    </message>
    <message>
        <source>There is no such file or folder.</source>
        <translation>Filen eller mappen findes ikke.</translation>
    </message>
    <message>
        <source>It is not a valid zip file (truncated or damaged?): {detail}.</source>
        <translation>Det er ikke en gyldig zip-fil (afkortet eller beskadiget?): {detail}.</translation>
    </message>
    <message>
        <source>The zip member {member} has a backslash in its name.</source>
        <translation>Filen {member} i zip-filen har en omvendt skråstreg i navnet.</translation>
    </message>
    <message>
        <source>The zip member {member} has an absolute path.</source>
        <translation>Filen {member} i zip-filen har en absolut sti.</translation>
    </message>
    <message>
        <source>The zip member {member} has &apos;..&apos; in its path.</source>
        <translation>Filen {member} i zip-filen har &apos;..&apos; i stien.</translation>
    </message>
    <message>
        <source>The zip member {member} is a symbolic link.</source>
        <translation>Filen {member} i zip-filen er et symbolsk link.</translation>
    </message>
    <message>
        <source>The zip member {member} is encrypted.</source>
        <translation>Filen {member} i zip-filen er krypteret.</translation>
    </message>
    <message>
        <source>The zip member {member} uses an unsupported compression method ({method}).</source>
        <translation>Filen {member} i zip-filen bruger en komprimeringsmetode, der ikke understøttes ({method}).</translation>
    </message>
    <message>
        <source>The zip member {member} is compressed suspiciously well (a zip bomb?).</source>
        <translation>Filen {member} i zip-filen er mistænkeligt godt komprimeret (en zip-bombe?).</translation>
    </message>
    <message>
        <source>The zip member {member} appears more than once.</source>
        <translation>Filen {member} findes mere end én gang i zip-filen.</translation>
    </message>
    <message>
        <source>The zip unpacks to {total} bytes, more than the limit of {limit}.</source>
        <translation>Zip-filen pakkes ud til {total} byte, mere end grænsen på {limit}.</translation>
    </message>
    <message>
        <source>The meeting cannot be read: {detail}.</source>
        <translation>Mødet kan ikke læses: {detail}.</translation>
    </message>
    <message>
        <source>meeting.json is not valid JSON: {detail} (line {line}, column {column}).</source>
        <translation>meeting.json er ikke gyldig JSON: {detail} (linje {line}, kolonne {column}).</translation>
    </message>
    <message>
        <source>meeting.json is not valid JSON: {detail}.</source>
        <translation>meeting.json er ikke gyldig JSON: {detail}.</translation>
    </message>
    <message>
        <source>The package has format version {version}, newer than this app reads ({known}); update the app.</source>
        <translation>Pakken har formatversion {version}, nyere end denne app kan læse ({known}); opdatér appen.</translation>
    </message>
    <message>
        <source>{place}: the id {id} is already used by {other}.</source>
        <translation>{place}: id&apos;et {id} bruges allerede af {other}.</translation>
    </message>
    <message>
        <source>{place}: the file name {name} differs only in case from {other_name} ({other}).</source>
        <translation>{place}: filnavnet {name} adskiller sig kun ved store og små bogstaver fra {other_name} ({other}).</translation>
    </message>
    <message>
        <source>{place}: the file name {name} is also used by {other}, with other content.</source>
        <translation>{place}: filnavnet {name} bruges også af {other}, med andet indhold.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} {value} is not a valid date and time.</source>
        <translation>Mødets {field} {value} er ikke en gyldig dato og tid.</translation>
    </message>
    <message>
        <source>The meeting ends before it starts.</source>
        <translation>Mødet slutter, før det begynder.</translation>
    </message>
    <message>
        <source>format version</source>
        <extracomment>meeting.json fields in words (for &quot;the ... is missing&quot;).</extracomment>
        <translation>formatversion</translation>
    </message>
    <message>
        <source>meeting</source>
        <translation>møde</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>version</source>
        <translation>version</translation>
    </message>
    <message>
        <source>body (organization)</source>
        <translation>organ (organization)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>navn</translation>
    </message>
    <message>
        <source>start time</source>
        <translation>starttidspunkt</translation>
    </message>
    <message>
        <source>end time</source>
        <translation>sluttidspunkt</translation>
    </message>
    <message>
        <source>place</source>
        <translation>sted</translation>
    </message>
    <message>
        <source>list of participants</source>
        <translation>deltagerliste</translation>
    </message>
    <message>
        <source>list of apologies</source>
        <translation>afbudsliste</translation>
    </message>
    <message>
        <source>agenda PDF</source>
        <translation>dagsordens-PDF</translation>
    </message>
    <message>
        <source>source</source>
        <translation>kilde</translation>
    </message>
    <message>
        <source>list of groups</source>
        <translation>liste over grupper</translation>
    </message>
    <message>
        <source>number</source>
        <translation>nummer</translation>
    </message>
    <message>
        <source>list of items</source>
        <translation>liste over punkter</translation>
    </message>
    <message>
        <source>public mark</source>
        <translation>markering af åbent punkt</translation>
    </message>
    <message>
        <source>case number</source>
        <translation>sagsnummer</translation>
    </message>
    <message>
        <source>case officers</source>
        <translation>sagsbehandlere</translation>
    </message>
    <message>
        <source>presenter</source>
        <translation>fremlægger</translation>
    </message>
    <message>
        <source>list of sections</source>
        <translation>liste over afsnit</translation>
    </message>
    <message>
        <source>list of bilag</source>
        <translation>liste over bilag</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>art</translation>
    </message>
    <message>
        <source>title</source>
        <translation>titel</translation>
    </message>
    <message>
        <source>text</source>
        <extracomment>The ``name`` of an item, bilag or file is its title. JSON types in words (for &quot;must be text, not 5&quot;).</extracomment>
        <translation>tekst</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>heading level</source>
        <translation>overskriftsniveau</translation>
    </message>
    <message>
        <source>numbered mark</source>
        <translation>markering af nummereret liste</translation>
    </message>
    <message>
        <source>list entries</source>
        <translation>listepunkter</translation>
    </message>
    <message>
        <source>sub-entries</source>
        <translation>underpunkter</translation>
    </message>
    <message>
        <source>number of header rows</source>
        <translation>antal overskriftsrækker</translation>
    </message>
    <message>
        <source>table rows</source>
        <translation>tabelrækker</translation>
    </message>
    <message>
        <source>bold mark</source>
        <translation>markering af fed</translation>
    </message>
    <message>
        <source>italic mark</source>
        <translation>markering af kursiv</translation>
    </message>
    <message>
        <source>link</source>
        <translation>link</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fil</translation>
    </message>
    <message>
        <source>file name</source>
        <translation>filnavn</translation>
    </message>
    <message>
        <source>file type (MIME type)</source>
        <translation>filtype (MIME-type)</translation>
    </message>
    <message>
        <source>size</source>
        <translation>størrelse</translation>
    </message>
    <message>
        <source>checksum</source>
        <translation>kontrolsum</translation>
    </message>
    <message>
        <source>section</source>
        <extracomment>One entry of a list, in words (for &quot;Item 3.2, section 2&quot;).</extracomment>
        <translation>afsnit</translation>
    </message>
    <message>
        <source>paragraph</source>
        <translation>tekstblok</translation>
    </message>
    <message>
        <source>text piece</source>
        <translation>tekststykke</translation>
    </message>
    <message>
        <source>list entry</source>
        <translation>listepunkt</translation>
    </message>
    <message>
        <source>sub-entry</source>
        <translation>underpunkt</translation>
    </message>
    <message>
        <source>row</source>
        <translation>række</translation>
    </message>
    <message>
        <source>participant</source>
        <translation>deltager</translation>
    </message>
    <message>
        <source>apology</source>
        <translation>afbud</translation>
    </message>
    <message>
        <source>case officer</source>
        <translation>sagsbehandler</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>et helt tal</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>et tal</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true eller false</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>en liste</translation>
    </message>
    <message>
        <source>an object ({...})</source>
        <translation>et objekt ({...})</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} eller {second}</translation>
    </message>
    <message>
        <source>a meeting id: letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit, at most 128 characters</source>
        <extracomment>What a pattern demands, by the schema definition that has it.</extracomment>
        <translation>et møde-id: bogstaver, cifre, &apos;.&apos;, &apos;_&apos; eller &apos;-&apos;, der begynder med et bogstav eller ciffer, højst 128 tegn</translation>
    </message>
    <message>
        <source>an id: letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; or &apos;/&apos;, starting with a letter or digit, at most 200 characters</source>
        <translation>et id: bogstaver, cifre, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; eller &apos;/&apos;, der begynder med et bogstav eller ciffer, højst 200 tegn</translation>
    </message>
    <message>
        <source>a date and time such as 2015-04-20T10:00:00 (or with an offset, 2015-04-20T10:00:00+02:00)</source>
        <translation>en dato og tid som 2015-04-20T10:00:00 (eller med tidszone, 2015-04-20T10:00:00+02:00)</translation>
    </message>
    <message>
        <source>a single file name: no &apos;/&apos;, &apos;\&apos;, &apos;:&apos;, control characters or &lt;&gt;&quot;|?*, not starting with &apos;.&apos;, at most 255 characters</source>
        <translation>et enkelt filnavn: ingen &apos;/&apos;, &apos;\&apos;, &apos;:&apos;, kontroltegn eller &lt;&gt;&quot;|?*, begynder ikke med &apos;.&apos;, højst 255 tegn</translation>
    </message>
    <message>
        <source>a MIME type such as application/pdf</source>
        <translation>en MIME-type som application/pdf</translation>
    </message>
    <message>
        <source>&apos;sha256:&apos; and 64 lowercase hex digits</source>
        <translation>&apos;sha256:&apos; og 64 hexadecimale cifre med små bogstaver</translation>
    </message>
    <message>
        <source>in the form the format requires</source>
        <translation>på den form, formatet kræver</translation>
    </message>
    <message>
        <source>meeting.json</source>
        <translation>meeting.json</translation>
    </message>
    <message>
        <source>Group {number}</source>
        <translation>Gruppe {number}</translation>
    </message>
    <message>
        <source>Item {number}</source>
        <translation>Punkt {number}</translation>
    </message>
    <message>
        <source>Item {number}, bilag {n}</source>
        <translation>Punkt {number}, bilag {n}</translation>
    </message>
    <message>
        <source>The agenda PDF</source>
        <translation>Dagsordens-PDF&apos;en</translation>
    </message>
    <message>
        <source>{place}, {part} {n}</source>
        <translation>{place}, {part} {n}</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>element</translation>
    </message>
    <message>
        <source>The meeting</source>
        <translation>Mødet</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} is missing.</source>
        <translation>Mødets {field} mangler.</translation>
    </message>
    <message>
        <source>{place}: the {field} is missing.</source>
        <translation>{place}: feltet »{field}« mangler.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} must be {expected}, not {value}.</source>
        <translation>Mødets {field} skal være {expected}, ikke {value}.</translation>
    </message>
    <message>
        <source>{place}: the {field} must be {expected}, not {value}.</source>
        <translation>{place}: feltet »{field}« skal være {expected}, ikke {value}.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} {value} is not {rule}.</source>
        <translation>Mødets {field} {value} er ikke {rule}.</translation>
    </message>
    <message>
        <source>{place}: the {field} {value} is not {rule}.</source>
        <translation>{place}: feltet »{field}« med {value} er ikke {rule}.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} is empty.</source>
        <translation>Mødets {field} er tom.</translation>
    </message>
    <message>
        <source>{place}: the {field} is empty.</source>
        <translation>{place}: feltet »{field}« er tomt.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} must be at least {limit}, not {value}.</source>
        <translation>Mødets {field} skal være mindst {limit}, ikke {value}.</translation>
    </message>
    <message>
        <source>{place}: the {field} must be at least {limit}, not {value}.</source>
        <translation>{place}: feltet »{field}« skal være mindst {limit}, ikke {value}.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} must be at most {limit}, not {value}.</source>
        <translation>Mødets {field} må højst være {limit}, ikke {value}.</translation>
    </message>
    <message>
        <source>{place}: the {field} must be at most {limit}, not {value}.</source>
        <translation>{place}: feltet »{field}« må højst være {limit}, ikke {value}.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} must be one of {choices}, not {value}.</source>
        <translation>Mødets {field} skal være en af {choices}, ikke {value}.</translation>
    </message>
    <message>
        <source>{place}: the {field} must be one of {choices}, not {value}.</source>
        <translation>{place}: feltet »{field}« skal være en af {choices}, ikke {value}.</translation>
    </message>
    <message>
        <source>The meeting has the field {names}, which the format does not know.</source>
        <translation>Mødet har feltet {names}, som formatet ikke kender.</translation>
    </message>
    <message>
        <source>{place}: the field {names} is not part of the format.</source>
        <translation>{place}: feltet {names} hører ikke til formatet.</translation>
    </message>
    <message>
        <source>The meeting&apos;s {field} is not valid: {detail}.</source>
        <translation>Mødets {field} er ikke gyldig: {detail}.</translation>
    </message>
    <message>
        <source>{place}: the {field} is not valid: {detail}.</source>
        <translation>{place}: feltet »{field}« er ikke gyldigt: {detail}.</translation>
    </message>
    <message>
        <source>Could not connect to {site} ({detail}): check the internet connection and the site&apos;s address, then try again.</source>
        <extracomment>Seconds between two requests to one site. The longest Retry-After honoured; a server asking for more is tried again after this. A PDF starts with this within its first KiB (the PDF specification allows junk before).</extracomment>
        <translation>Kunne ikke få forbindelse til {site} ({detail}): tjek internetforbindelsen og webstedets adresse, og prøv så igen.</translation>
    </message>
    <message>
        <source>{site} answered {url} with a server error ({status}) {tries} times in a row: the site may be down for a while; try the sync again later.</source>
        <translation>{site} svarede {url} med en serverfejl ({status}) {tries} gange i træk: webstedet er måske nede et stykke tid; prøv at synkronisere igen senere.</translation>
    </message>
    <message>
        <source>{site} did not answer {url} in time ({tries} tries, {seconds} s each): the site or the connection is slow; try the sync again later.</source>
        <translation>{site} svarede ikke på {url} i tide ({tries} forsøg på {seconds} s hver): webstedet eller forbindelsen er langsom; prøv at synkronisere igen senere.</translation>
    </message>
    <message>
        <source>The certificate of {site} could not be verified ({detail}): check the site&apos;s address, it may not be the municipality&apos;s site.</source>
        <translation>Certifikatet for {site} kunne ikke bekræftes ({detail}): tjek webstedets adresse, det er måske ikke kommunens websted.</translation>
    </message>
    <message>
        <source>The attachment “{title}” is not a PDF: {site} sent a web page instead ({url}); the meeting keeps its last good version, try the sync again later.</source>
        <translation>Bilaget “{title}” er ikke en PDF: {site} sendte en webside i stedet ({url}); mødet beholder sin seneste gode version, prøv at synkronisere igen senere.</translation>
    </message>
    <message>
        <source>The attachment “{title}” is not a PDF: {site} sent something else ({kind}) instead ({url}); the meeting keeps its last good version, try the sync again later.</source>
        <translation>Bilaget “{title}” er ikke en PDF: {site} sendte noget andet ({kind}) i stedet ({url}); mødet beholder sin seneste gode version, prøv at synkronisere igen senere.</translation>
    </message>
    <message>
        <source>{site} is not a FirstAgenda site: it has no committee list at {url}. Check the address of the municipality&apos;s agenda site (it often starts with dagsordener.).</source>
        <extracomment>At most this many close names are suggested for an unknown committee.</extracomment>
        <translation>{site} er ikke et FirstAgenda-websted: der er ingen udvalgsliste på {url}. Tjek adressen på kommunens dagsordenswebsted (den begynder ofte med dagsordener.).</translation>
    </message>
    <message>
        <source>{site} has no committee called “{name}”; did you mean {suggestions}?</source>
        <translation>{site} har intet udvalg, der hedder “{name}”; mente du {suggestions}?</translation>
    </message>
    <message>
        <source>{site} has no committee called “{name}”; its committees are: {committees}.</source>
        <translation>{site} har intet udvalg, der hedder “{name}”; webstedets udvalg er: {committees}.</translation>
    </message>
    <message>
        <source>{site} no longer lists the committees {chosen} (it lists {listed}): remove the source and add it again with the committees you sit in.</source>
        <extracomment>How far back a sync reaches by default.</extracomment>
        <translation>{site} viser ikke længere udvalgene {chosen} (det viser {listed}): fjern kilden, og tilføj den igen med de udvalg, du sidder i.</translation>
    </message>
    <message>
        <source>The meeting {meeting} has no item {item}: use the item&apos;s number as the agenda prints it.</source>
        <translation>Mødet {meeting} har intet punkt {item}: brug punktets nummer, som det står i dagsordenen.</translation>
    </message>
    <message>
        <source>The meeting {meeting} is not in the library: `companion meetings` lists the meetings.</source>
        <translation>Mødet {meeting} findes ikke i biblioteket: `companion meetings` viser møderne.</translation>
    </message>
    <message>
        <source>Your personal notes file {path} is damaged and cannot be read. Keep the file; backups are in {backups}.</source>
        <translation>Din fil med personlige noter {path} er beskadiget og kan ikke læses. Behold filen; sikkerhedskopierne ligger i {backups}.</translation>
    </message>
    <message>
        <source>Another sync of this library ({folder}) is running, in another window or a scheduled `companion sync`: let it finish, then sync again.</source>
        <translation>En anden synkronisering af dette bibliotek ({folder}) er i gang, i et andet vindue eller en planlagt `companion sync`: lad den blive færdig, og synkronisér så igen.</translation>
    </message>
</context>
<context>
    <name>DebouncedSaver</name>
    <message>
        <source>Not saved: {error} — retrying</source>
        <translation>Ikke gemt: {error} — prøver igen</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>Gemmer...</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gemt</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <extracomment>The pause after the last keystroke before a save starts. The pauses before the first, second, ... retry of failed writes; the last repeats. Makes the write when it starts (reads the widgets then, not on every keystroke).</extracomment>
        <translation>Ikke gemt: {error}</translation>
    </message>
</context>
<context>
    <name>DecisionEditor</name>
    <message>
        <source>Decision</source>
        <extracomment>How many templates get a button and a number key.</extracomment>
        <translation>Beslutning</translation>
    </message>
    <message>
        <source>Type the decision, or press 1-4 for a template (E or Enter to type here)</source>
        <translation>Skriv beslutningen, eller tryk 1-4 for en skabelon (E eller Enter for at skrive her)</translation>
    </message>
    <message>
        <source>Record &quot;{template}&quot; as the decision (key {number})</source>
        <translation>Brug &quot;{template}&quot; som beslutning (tast {number})</translation>
    </message>
</context>
<context>
    <name>DetachedDialog</name>
    <message>
        <source>Detached notes</source>
        <extracomment>The selection in the item view: the shown item&apos;s id and the anchor of the selected words. The words selected in the PDF view (`PdfView.selected_words`).</extracomment>
        <translation>Løsrevne noter</translation>
    </message>
    <message>
        <source>These notes could not be placed in the new version of the agenda. They are kept until you delete them.</source>
        <translation>Disse noter kunne ikke placeres i den nye version af dagsordenen. De gemmes, indtil du sletter dem.</translation>
    </message>
    <message>
        <source>Attach to selection</source>
        <translation>Knyt til valgt tekst</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>Slet...</translation>
    </message>
    <message>
        <source>{count} detached notes</source>
        <translation>{count} løsrevne noter</translation>
    </message>
    <message>
        <source>No detached notes in this meeting.</source>
        <translation>Ingen løsrevne noter i dette møde.</translation>
    </message>
    <message>
        <source>(no longer on the agenda)</source>
        <translation>(ikke længere på dagsordenen)</translation>
    </message>
    <message>
        <source>Item text</source>
        <translation>Punktets tekst</translation>
    </message>
    <message>
        <source>Page {page} of {file}</source>
        <translation>Side {page} i {file}</translation>
    </message>
    <message>
        <source>the agenda</source>
        <translation>dagsordenen</translation>
    </message>
    <message>
        <source>a file replaced in a newer version</source>
        <translation>en fil, der er udskiftet i en nyere version</translation>
    </message>
    <message>
        <source>Could not read your notes: {error}</source>
        <translation>Dine noter kunne ikke læses: {error}</translation>
    </message>
    <message>
        <source>Delete detached note</source>
        <translation>Slet løsreven note</translation>
    </message>
    <message>
        <source>Delete the note on &quot;{quote}&quot;? This cannot be undone.</source>
        <translation>Vil du slette noten til &quot;{quote}&quot;? Det kan ikke fortrydes.</translation>
    </message>
    <message>
        <source>Select the words in the item text first, then Attach to selection.</source>
        <translation>Vælg først ordene i punktets tekst, og klik så på Knyt til valgt tekst.</translation>
    </message>
    <message>
        <source>Select the words on the PDF page first (drag over them with no tool chosen), then Attach to selection.</source>
        <translation>Vælg først ordene på PDF-siden (træk hen over dem uden at vælge et værktøj), og klik så på Knyt til valgt tekst.</translation>
    </message>
    <message>
        <source>Your change was not saved; the note is unchanged.</source>
        <translation>Din ændring blev ikke gemt; noten er uændret.</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <source>Changes in {item}</source>
        <translation>Ændringer i {item}</translation>
    </message>
    <message>
        <source>There is no older version of this meeting.</source>
        <translation>Der er ingen ældre version af dette møde.</translation>
    </message>
    <message>
        <source>This item is new in this version.</source>
        <translation>Dette punkt er nyt i denne version.</translation>
    </message>
    <message>
        <source>This item was removed in this version.</source>
        <translation>Dette punkt er fjernet i denne version.</translation>
    </message>
    <message>
        <source>No changes in the text or the attachments.</source>
        <translation>Ingen ændringer i teksten eller bilagene.</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>file replaced</source>
        <translation>fil udskiftet</translation>
    </message>
    <message>
        <source>file added</source>
        <translation>fil tilføjet</translation>
    </message>
    <message>
        <source>file removed</source>
        <translation>fil fjernet</translation>
    </message>
    <message>
        <source>Compare &amp;with:</source>
        <translation>Sammenlign &amp;med:</translation>
    </message>
    <message>
        <source>→ {version} (shown)</source>
        <translation>→ {version} (vist)</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b42318; background-color:#fde8e7; text-decoration: line-through;&quot;&gt;removed&lt;/span&gt; &#xa0; &lt;span style=&quot;color:#146c2e; background-color:#e3f5e6; text-decoration: underline;&quot;&gt;added&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b42318; background-color:#fde8e7; text-decoration: line-through;&quot;&gt;fjernet&lt;/span&gt; &#xa0; &lt;span style=&quot;color:#146c2e; background-color:#e3f5e6; text-decoration: underline;&quot;&gt;tilføjet&lt;/span&gt;</translation>
    </message>
    <message>
        <source>version {n}</source>
        <translation>version {n}</translation>
    </message>
    <message>
        <source>version {n} of {date}</source>
        <translation>version {n} fra {date}</translation>
    </message>
    <message>
        <source>Loading version {n}...</source>
        <translation>Indlæser version {n}...</translation>
    </message>
    <message>
        <source>The older version could not be loaded: {error}</source>
        <translation>Den ældre version kunne ikke indlæses: {error}</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Noget gik galt</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopiér detaljer</translation>
    </message>
    <message>
        <source>Copy the error details to the clipboard</source>
        <translation>Kopiér fejlens detaljer til udklipsholderen</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export notes</source>
        <extracomment>The formats offered: (key, label); the key is also the file suffix. The path field shows this many characters or so without scrolling.</extracomment>
        <translation>Eksportér noter</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Word (DOCX)</source>
        <translation>Word (DOCX)</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Only items I wrote something on</source>
        <translation>Kun punkter, jeg har skrevet noget til</translation>
    </message>
    <message>
        <source>Quote each item&apos;s recommendation</source>
        <translation>Citér hvert punkts indstilling</translation>
    </message>
    <message>
        <source>Include closed items (confidential)</source>
        <translation>Medtag lukkede punkter (fortroligt)</translation>
    </message>
    <message>
        <source>Include annotated attachments (folder or zip)</source>
        <translation>Medtag bilag med markeringer og noter (mappe eller zip)</translation>
    </message>
    <message>
        <source>Closed items are confidential: share this export with care.</source>
        <translation>Lukkede punkter er fortrolige: del denne eksport med omtanke.</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Gem som</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Vælg…</translation>
    </message>
    <message>
        <source>Shown as the author of the export and of your notes in the PDF copies</source>
        <translation>Vises som forfatter til eksporten og til dine noter i PDF-kopierne</translation>
    </message>
    <message>
        <source>Asked once; change it in File &gt; Preferences.</source>
        <translation>Spørges kun én gang; ret det under Filer &gt; Præferencer.</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Forbereder forhåndsvisningen…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksportér</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Include:</source>
        <translation>Medtag:</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Gem som:</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>Dit navn:</translation>
    </message>
    <message>
        <source>{kind} files (*{suffix})</source>
        <translation>{kind}-filer (*{suffix})</translation>
    </message>
    <message>
        <source>No preview: {error}</source>
        <translation>Ingen forhåndsvisning: {error}</translation>
    </message>
    <message>
        <source>Choose where to save the export first.</source>
        <translation>Vælg først, hvor eksporten skal gemmes.</translation>
    </message>
    <message>
        <source>The export was saved in {path}, but some attachments could not be included.</source>
        <translation>Eksporten blev gemt i {path}, men nogle bilag kunne ikke medtages.</translation>
    </message>
    <message>
        <source>The notes could not be exported: {error}</source>
        <translation>Noterne kunne ikke eksporteres: {error}</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in item</source>
        <translation>Søg i punktet</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Forrige forekomst (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Næste forekomst (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Luk (Esc)</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Forrige forekomst</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Næste forekomst</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>Luk søgelinjen</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Ingen forekomster</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 forekomst</translation>
    </message>
    <message>
        <source>{count} matches</source>
        <translation>{count} forekomster</translation>
    </message>
</context>
<context>
    <name>FirstAgendaForm</name>
    <message>
        <source>Address of the agenda site</source>
        <extracomment>The longest reach offered, in months (ten years).</extracomment>
        <translation>Adressen på dagsordenssiden</translation>
    </message>
    <message>
        <source>https://dagsordener-referater.&lt;kommune&gt;.dk</source>
        <translation>https://dagsordener-referater.&lt;kommune&gt;.dk</translation>
    </message>
    <message>
        <source>The address of the municipality&apos;s agenda site (“powered by FirstAgenda”)</source>
        <translation>Adressen på kommunens websted med dagsordener og referater (“powered by FirstAgenda”)</translation>
    </message>
    <message>
        <source>Fetch Committees</source>
        <translation>Hent udvalg</translation>
    </message>
    <message>
        <source>Type the site&apos;s address and fetch its committees, then tick yours.</source>
        <translation>Skriv webstedets adresse, og hent dets udvalg; sæt så flueben ved dine.</translation>
    </message>
    <message>
        <source>Committees</source>
        <translation>Udvalg</translation>
    </message>
    <message>
        <source> months back</source>
        <translation> måneder tilbage</translation>
    </message>
    <message>
        <source>Optional: the site&apos;s address is used</source>
        <translation>Valgfrit: webstedets adresse bruges</translation>
    </message>
    <message>
        <source>Add Site</source>
        <translation>Tilføj websted</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Websted:</translation>
    </message>
    <message>
        <source>Committees:</source>
        <translation>Udvalg:</translation>
    </message>
    <message>
        <source>Fetch meetings:</source>
        <translation>Hent møder:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Navn:</translation>
    </message>
    <message>
        <source>Fetching the committees of {site}…</source>
        <translation>Henter udvalgene på {site}…</translation>
    </message>
    <message>
        <source>{site} lists {count} committees: tick the ones you sit in.</source>
        <translation>{site} har {count} udvalg: sæt flueben ved dem, du sidder i.</translation>
    </message>
    <message>
        <source>{site} lists no committees.</source>
        <translation>{site} har ingen udvalg.</translation>
    </message>
    <message>
        <source>Fetch the site&apos;s committees first.</source>
        <translation>Hent webstedets udvalg først.</translation>
    </message>
    <message>
        <source>{name} added: its meetings are fetched now.</source>
        <translation>{name} er tilføjet: møderne hentes nu.</translation>
    </message>
</context>
<context>
    <name>HighlightList</name>
    <message>
        <source>Your highlights in this item</source>
        <extracomment>The pause after the last keystroke in a note before it is saved. Characters of a quote shown in the list before it is cut short. The least height of the highlights list and the note (the tab fits a 720-pixel screen).</extracomment>
        <translation>Dine markeringer i dette punkt</translation>
    </message>
    <message>
        <source>Select text in the item and press Ctrl+H (or right-click) to highlight it.</source>
        <translation>Vælg tekst i punktet, og tryk Ctrl+H (eller højreklik) for at markere den.</translation>
    </message>
    <message>
        <source>Your note on the chosen highlight</source>
        <translation>Din note til den valgte markering</translation>
    </message>
    <message>
        <source>Delete Highlight</source>
        <translation>Slet markering</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>ikke fundet</translation>
    </message>
    <message>
        <source>Delete this highlight and its note?

“{quote}”</source>
        <translation>Vil du slette denne markering og dens note?

“{quote}”</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <source>Item text</source>
        <extracomment>The widest text column that still reads comfortably, in pixels. Ctrl+F&apos;s hits: orange with a dark orange underline, unlike every highlight colour (`companion.core.colors`), so a hit is never taken for the member&apos;s own highlight. The link in an item&apos;s &quot;updated&quot; notice that asks for its changes. How much of the warning colour tints the &quot;updated&quot; notice (its frame is the colour itself). The highlight colours a member can choose, by the name stored with the annotation. The note marker in the right margin: its size and its distance from the text column. The width of the colour bar in the left margin beside each highlight. The words on a highlight or a find hit (both light tints): the designed dark text. The member asked to highlight the selection in a colour (its name). The member clicked the margin marker of a highlight (its key).</extracomment>
        <translation>Punktets tekst</translation>
    </message>
    <message>
        <source>Choose a meeting item on the left.</source>
        <translation>Vælg et punkt på dagsordenen til venstre.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Sag</translation>
    </message>
    <message>
        <source>Case officer</source>
        <translation>Sagsbehandler</translation>
    </message>
    <message>
        <source>Presented by</source>
        <translation>Fremlægges af</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>Indstilling</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>not provided in the package</source>
        <translation>ikke med i pakken</translation>
    </message>
    <message>
        <source>Closed item</source>
        <translation>Lukket punkt</translation>
    </message>
    <message>
        <source>document not included in the package</source>
        <translation>dokumentet er ikke med i pakken</translation>
    </message>
    <message>
        <source>This item has no text.</source>
        <translation>Dette punkt har ingen tekst.</translation>
    </message>
    <message>
        <source>Show changes</source>
        <translation>Vis ændringer</translation>
    </message>
    <message>
        <source>Highlight in Yellow</source>
        <translation>Markér med gult</translation>
    </message>
    <message>
        <source>Highlight in Green</source>
        <translation>Markér med grønt</translation>
    </message>
    <message>
        <source>Highlight in Blue</source>
        <translation>Markér med blåt</translation>
    </message>
    <message>
        <source>Highlight in Pink</source>
        <translation>Markér med lyserødt</translation>
    </message>
</context>
<context>
    <name>LibraryNotice</name>
    <message>
        <source>The library could not be opened: {error}</source>
        <translation>Biblioteket kunne ikke åbnes: {error}</translation>
    </message>
    <message>
        <source>{name} could not be imported. Nothing in the library was changed.</source>
        <translation>{name} kunne ikke importeres. Intet i biblioteket blev ændret.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>KKR Meeting Companion</source>
        <extracomment>The panes&apos; sizes at the preferred window size (1400x860); scaled to the window&apos;s size. The least height of the position panel&apos;s pane (it scrolls below its own height). Fills an empty library (the app passes `companion.core.samples.import_samples`). The app&apos;s start shows the member&apos;s item before the attachments (`FirstItemGate`). Items marked read in this run (meeting, item, version): not written again. The item shown, until it is written to the window state (after a pause). Closing with unsaved words asks first (not on SIGTERM: nobody may answer).</extracomment>
        <translation>KKR Mødeassistent</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>Markeringer</translation>
    </message>
    <message>
        <source>&amp;Highlight Selection</source>
        <translation>Mar&amp;kér valgt tekst</translation>
    </message>
    <message>
        <source>Highlight the selected text</source>
        <translation>Markér den valgte tekst</translation>
    </message>
    <message>
        <source>a highlight&apos;s note could not be written</source>
        <translation>en note til en markering kunne ikke skrives</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afslut</translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation>&amp;Importér...</translation>
    </message>
    <message>
        <source>Add meeting packages, agenda texts or agenda PDFs with their bilag (or drop them on the window)</source>
        <translation>Tilføj mødepakker, dagsordentekster eller dagsorden-PDF&apos;er med deres bilag (eller træk dem ind i vinduet)</translation>
    </message>
    <message>
        <source>&amp;Find in Item...</source>
        <translation>&amp;Søg i punktet...</translation>
    </message>
    <message>
        <source>Find text in the item shown</source>
        <translation>Søg efter tekst i det viste punkt</translation>
    </message>
    <message>
        <source>Go to &amp;Meeting List</source>
        <translation>Gå til &amp;mødelisten</translation>
    </message>
    <message>
        <source>Choose another meeting</source>
        <translation>Vælg et andet møde</translation>
    </message>
    <message>
        <source>Go to &amp;Agenda</source>
        <translation>Gå til &amp;dagsordenen</translation>
    </message>
    <message>
        <source>Move the focus to the agenda</source>
        <translation>Flyt fokus til dagsordenen</translation>
    </message>
    <message>
        <source>&amp;Next Item</source>
        <translation>&amp;Næste punkt</translation>
    </message>
    <message>
        <source>Show the next item of the agenda</source>
        <translation>Vis det næste punkt på dagsordenen</translation>
    </message>
    <message>
        <source>&amp;Previous Item</source>
        <translation>&amp;Forrige punkt</translation>
    </message>
    <message>
        <source>Show the previous item of the agenda</source>
        <translation>Vis det forrige punkt på dagsordenen</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Om</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Præferencer...</translation>
    </message>
    <message>
        <source>Language, text size, sync interval</source>
        <translation>Sprog, tekststørrelse, synkroniseringsinterval</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastaturgenveje</translation>
    </message>
    <message>
        <source>Every keyboard shortcut, searchable</source>
        <translation>Alle tastaturgenveje, søgbare</translation>
    </message>
    <message>
        <source>Show &amp;Changes</source>
        <translation>Vis æ&amp;ndringer</translation>
    </message>
    <message>
        <source>What changed in this item since the version you read</source>
        <translation>Hvad der er ændret i dette punkt siden den version, du læste</translation>
    </message>
    <message>
        <source>&amp;Sync Now</source>
        <translation>&amp;Synkroniser nu</translation>
    </message>
    <message>
        <source>Get new and changed meetings from your sources</source>
        <translation>Hent nye og ændrede møder fra dine kilder</translation>
    </message>
    <message>
        <source>S&amp;ources...</source>
        <translation>&amp;Kilder...</translation>
    </message>
    <message>
        <source>Add or remove the sources of meetings</source>
        <translation>Tilføj eller fjern kilder til møder</translation>
    </message>
    <message>
        <source>&amp;Session Mode</source>
        <translation>&amp;Mødetilstand</translation>
    </message>
    <message>
        <source>Follow or lead the meeting item by item, large, with the time and decisions</source>
        <translation>Følg eller led mødet punkt for punkt, i stor skrift, med tid og beslutninger</translation>
    </message>
    <message>
        <source>&amp;Presenter Screen</source>
        <translation>&amp;Præsentationsskærm</translation>
    </message>
    <message>
        <source>Show the current item on a projector or second screen (never your notes)</source>
        <translation>Vis det aktuelle punkt på en projektor eller anden skærm (aldrig dine noter)</translation>
    </message>
    <message>
        <source>Draft &amp;Minutes...</source>
        <translation>&amp;Referatudkast...</translation>
    </message>
    <message>
        <source>The decisions of the session as a draft beslutningsreferat (Word or PDF)</source>
        <translation>Mødets beslutninger som udkast til beslutningsreferat (Word eller PDF)</translation>
    </message>
    <message>
        <source>&amp;Export Notes...</source>
        <translation>&amp;Eksportér noter...</translation>
    </message>
    <message>
        <source>Your notes, positions and highlights of this meeting as PDF, Word or text</source>
        <translation>Dine noter, holdninger og markeringer fra dette møde som PDF, Word eller tekst</translation>
    </message>
    <message>
        <source>De&amp;tached Notes...</source>
        <translation>&amp;Løsrevne noter...</translation>
    </message>
    <message>
        <source>Notes a new version of the agenda could not place: re-attach or delete them</source>
        <translation>Noter, som en ny version af dagsordenen ikke kunne placere: knyt dem til igen, eller slet dem</translation>
    </message>
    <message>
        <source>&amp;Search All Meetings...</source>
        <translation>&amp;Søg i alle møder...</translation>
    </message>
    <message>
        <source>Search the items, attachments and your notes of every meeting</source>
        <translation>Søg i punkter, bilag og dine noter fra alle møder</translation>
    </message>
    <message>
        <source>Next Search &amp;Hit</source>
        <translation>Næste søge&amp;fund</translation>
    </message>
    <message>
        <source>Previous Search Hit</source>
        <translation>Forrige søgefund</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Filer</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gå</translation>
    </message>
    <message>
        <source>&amp;Meeting</source>
        <translation>&amp;Møde</translation>
    </message>
    <message>
        <source>&amp;Position</source>
        <translation>H&amp;oldning</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjælp</translation>
    </message>
    <message>
        <source>Opening the library...</source>
        <extracomment>When the window starts listening for the network coming back (after the start&apos;s work). How long the member stays on an item before it is written down as the one to reopen.</extracomment>
        <translation>Åbner biblioteket...</translation>
    </message>
    <message>
        <source>The library has no meetings yet.</source>
        <translation>Biblioteket har endnu ingen møder.</translation>
    </message>
    <message>
        <source>Importing sample meetings...</source>
        <translation>Importerer eksempelmøder...</translation>
    </message>
    <message>
        <source>Drop to import: meeting packages (.zip), agenda texts and agenda PDFs with their bilag</source>
        <extracomment>How long the short outcome stays in the status bar.</extracomment>
        <translation>Slip for at importere: mødepakker (.zip), dagsordentekster og dagsorden-PDF&apos;er med deres bilag</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Added:</source>
        <translation>Tilføjet:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Opdateret:</translation>
    </message>
    <message>
        <source>Already in the library:</source>
        <translation>Findes allerede i biblioteket:</translation>
    </message>
    <message>
        <source>Older than the version you have; not used:</source>
        <translation>Ældre end den version, du har; ikke brugt:</translation>
    </message>
    <message>
        <source>Could not read:</source>
        <translation>Kunne ikke læses:</translation>
    </message>
    <message>
        <source>with {n} bilag</source>
        <translation>med {n} bilag</translation>
    </message>
    <message>
        <source>The import was stopped.</source>
        <translation>Importen blev stoppet.</translation>
    </message>
    <message>
        <source>{n} added</source>
        <translation>{n} tilføjet</translation>
    </message>
    <message>
        <source>{n} updated</source>
        <translation>{n} opdateret</translation>
    </message>
    <message>
        <source>{n} unchanged</source>
        <translation>{n} uændret</translation>
    </message>
    <message>
        <source>{n} could not be read</source>
        <translation>{n} kunne ikke læses</translation>
    </message>
    <message>
        <source>Imported: {counts}</source>
        <translation>Importeret: {counts}</translation>
    </message>
    <message>
        <source>Import Meetings</source>
        <translation>Importér møder</translation>
    </message>
    <message>
        <source>Meeting packages and agendas (*.zip *.pdf *.txt *.md);;Meeting packages (*.zip);;Agendas (*.pdf *.txt *.md);;All files (*)</source>
        <translation>Mødepakker og dagsordener (*.zip *.pdf *.txt *.md);;Mødepakker (*.zip);;Dagsordener (*.pdf *.txt *.md);;Alle filer (*)</translation>
    </message>
    <message>
        <source>Importing {name}...</source>
        <translation>Importerer {name}...</translation>
    </message>
    <message>
        <source>Importing {name} ({n} of {total})...</source>
        <translation>Importerer {name} ({n} af {total})...</translation>
    </message>
    <message>
        <source>Nothing could be imported: {error}</source>
        <translation>Intet kunne importeres: {error}</translation>
    </message>
    <message>
        <source>Opening the meeting...</source>
        <translation>Åbner mødet...</translation>
    </message>
    <message>
        <source>This meeting has no items.</source>
        <translation>Dette møde har ingen punkter.</translation>
    </message>
    <message>
        <source>The meeting could not be opened: {error}</source>
        <translation>Mødet kunne ikke åbnes: {error}</translation>
    </message>
    <message>
        <source>version {n}</source>
        <translation>version {n}</translation>
    </message>
</context>
<context>
    <name>MeetingChooser</name>
    <message>
        <source>Meetings in your library (Ctrl+L)</source>
        <translation>Møder i dit bibliotek (Ctrl+L)</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>Møde</translation>
    </message>
</context>
<context>
    <name>MeetingListModel</name>
    <message>
        <source>new</source>
        <extracomment>The highest version of the meeting the member read an item in (0: never opened).</extracomment>
        <translation>nyt</translation>
    </message>
    <message>
        <source>updated to version {n}</source>
        <translation>opdateret til version {n}</translation>
    </message>
    <message>
        <source>You have not opened this meeting yet.</source>
        <translation>Du har ikke åbnet dette møde endnu.</translation>
    </message>
    <message>
        <source>Updated since you read it (version {n}, {date})</source>
        <translation>Opdateret siden du læste det (version {n}, {date})</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 punkt</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} punkter</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <source>Bold: {bold}. Bulleted list: {bullets}.</source>
        <translation>Fed: {bold}. Punktopstilling: {bullets}.</translation>
    </message>
</context>
<context>
    <name>PdfMarkList</name>
    <message>
        <source>Show or hide your highlights and notes on this file</source>
        <extracomment>Characters of a mark&apos;s quote shown in the marks list.</extracomment>
        <translation>Vis eller skjul dine markeringer og noter i denne fil</translation>
    </message>
    <message>
        <source>Your highlights and notes on this file</source>
        <translation>Dine markeringer og noter i denne fil</translation>
    </message>
    <message>
        <source>No highlights or notes on this file. Use the Highlight and Note tools.</source>
        <translation>Ingen markeringer eller noter i denne fil. Brug værktøjerne Markér og Note.</translation>
    </message>
    <message>
        <source>p. {page}</source>
        <translation>s. {page}</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Highlights and notes ({count})</source>
        <translation>Markeringer og noter ({count})</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Yellow</source>
        <extracomment>The member&apos;s highlight colours (stored by name), drawn semi-transparent.</extracomment>
        <translation>Gul</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Grøn</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blå</translation>
    </message>
    <message>
        <source>Pink</source>
        <translation>Lyserød</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom ud</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom ind</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Tilpas bredde</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Markér</translation>
    </message>
    <message>
        <source>Highlight text: drag over the words on a page</source>
        <translation>Markér tekst: træk hen over ordene på en side</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Add a note: click where it belongs on a page</source>
        <translation>Tilføj en note: klik der, hvor den skal stå på siden</translation>
    </message>
    <message>
        <source>Highlight colour</source>
        <translation>Markeringsfarve</translation>
    </message>
    <message>
        <source>{action} ({shortcut})</source>
        <translation>{action} ({shortcut})</translation>
    </message>
    <message>
        <source>Current page: type a number and press Enter</source>
        <translation>Aktuel side: skriv et tal, og tryk Enter</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Sidetal</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>More tools: zoom, fit width</source>
        <translation>Flere værktøjer: zoom, tilpas bredde</translation>
    </message>
    <message>
        <source>{name} does not exist.</source>
        <extracomment>Page sizes read per request: renders of visible pages go in between. The 0-based current page, after a scroll, a jump or opening. The page count, once the document is open (before its first page is shown). The first rendered page was painted (needs the widget to be visible). A sentence for the reader: the file cannot be opened, and why. The words of a page (0-based) were read: it can be highlighted. The saved marks of the file were loaded (their number). A new highlight or note was saved (its annotation id). A sentence for the reader: a highlight or note could not be saved. The marks of the file changed: loaded, added, edited or deleted (see `marks`). The member chose a mark on the page (its annotation id). An edit (note, colour) or deletion of a mark is saved (its annotation id). Asks the member before a mark is deleted; replaceable (tests, other front ends). Asks the member for a mark&apos;s new note (None: cancelled); replaceable. The note dialog while it is open (tests answer it). The confirmation box while it is open (tests answer it).</extracomment>
        <translation>{name} findes ikke.</translation>
    </message>
    <message>
        <source>{name} is not a file.</source>
        <translation>{name} er ikke en fil.</translation>
    </message>
    <message>
        <source>{name} cannot be read.</source>
        <translation>{name} kan ikke læses.</translation>
    </message>
    <message>
        <source>{name} is empty.</source>
        <translation>{name} er tom.</translation>
    </message>
    <message>
        <source>{name} is not a valid PDF.</source>
        <translation>{name} er ikke en gyldig PDF.</translation>
    </message>
    <message>
        <source>{name} is protected by a password.</source>
        <translation>{name} er beskyttet med en adgangskode.</translation>
    </message>
    <message>
        <source>{name} has no pages.</source>
        <translation>{name} har ingen sider.</translation>
    </message>
    <message>
        <source>the PDF reader stopped while reading {name}; open the file again to retry.</source>
        <translation>PDF-læseren stoppede under læsningen af {name}; åbn filen igen for at prøve en gang til.</translation>
    </message>
    <message>
        <source>{name} could not be read ({error}).</source>
        <translation>{name} kunne ikke læses ({error}).</translation>
    </message>
    <message>
        <source>The file cannot be opened: {reason}</source>
        <translation>Filen kan ikke åbnes: {reason}</translation>
    </message>
    <message>
        <source>Your highlight or note was not deleted: {error}</source>
        <translation>Din markering eller note blev ikke slettet: {error}</translation>
    </message>
    <message>
        <source>Edit Note...</source>
        <translation>Redigér note...</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farve</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>Slet...</translation>
    </message>
    <message>
        <source>Your change to a highlight or note was not saved: {error}</source>
        <translation>Din ændring af en markering eller note blev ikke gemt: {error}</translation>
    </message>
    <message>
        <source>Delete Note</source>
        <translation>Slet note</translation>
    </message>
    <message>
        <source>Delete this note on page {page}?</source>
        <translation>Vil du slette denne note på side {page}?</translation>
    </message>
    <message>
        <source>Delete this highlight and its note?

“{quote}”</source>
        <translation>Vil du slette denne markering og dens note?

“{quote}”</translation>
    </message>
    <message>
        <source>Delete Highlight</source>
        <translation>Slet markering</translation>
    </message>
    <message>
        <source>Your highlights and notes on this file cannot be shown: {error}</source>
        <translation>Dine markeringer og noter i denne fil kan ikke vises: {error}</translation>
    </message>
    <message>
        <source>Your highlight or note was not saved: {error}</source>
        <translation>Din markering eller note blev ikke gemt: {error}</translation>
    </message>
    <message>
        <source>/ {count}</source>
        <translation>/ {count}</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
</context>
<context>
    <name>PositionPanel</name>
    <message>
        <source>Your position</source>
        <extracomment>The stances in the order of their buttons and of Alt+1..Alt+6.</extracomment>
        <translation>Din holdning</translation>
    </message>
    <message>
        <source>Copy unsaved text</source>
        <translation>Kopiér ikke-gemt tekst</translation>
    </message>
    <message>
        <source>Put the words not yet saved on the clipboard</source>
        <translation>Læg den tekst, der endnu ikke er gemt, i udklipsholderen</translation>
    </message>
    <message>
        <source>Position: {stance}</source>
        <translation>Holdning: {stance}</translation>
    </message>
    <message>
        <source>Remark on your position</source>
        <translation>Bemærkning til din holdning</translation>
    </message>
    <message>
        <source>Add a question to raise (Enter)</source>
        <translation>Tilføj et spørgsmål, du vil stille (Enter)</translation>
    </message>
    <message>
        <source>Questions to raise</source>
        <translation>Spørgsmål at rejse</translation>
    </message>
    <message>
        <source>New question</source>
        <translation>Nyt spørgsmål</translation>
    </message>
    <message>
        <source>Press Enter to add it</source>
        <translation>Tryk Enter for at tilføje det</translation>
    </message>
    <message>
        <source>Your note on this item</source>
        <translation>Din note til dette punkt</translation>
    </message>
    <message>
        <source>Your note on the whole meeting</source>
        <translation>Din note til hele mødet</translation>
    </message>
    <message>
        <source>Questions and notes</source>
        <translation>Spørgsmål og noter</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Spørgsmål</translation>
    </message>
    <message>
        <source>Item note</source>
        <translation>Punktnote</translation>
    </message>
    <message>
        <source>Meeting note</source>
        <translation>Mødenote</translation>
    </message>
    <message>
        <source>Set your position on the item shown</source>
        <translation>Angiv din holdning til det viste punkt</translation>
    </message>
    <message>
        <source>Your notes could not be read: {error}</source>
        <translation>Dine noter kunne ikke læses: {error}</translation>
    </message>
    <message>
        <source>Not saved yet:
{text}</source>
        <translation>Endnu ikke gemt:
{text}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <extracomment>The text size of the item view, in points. Minutes between automatic syncs; 0 syncs only on start and on request. The languages offered besides the system&apos;s, by their own names (never translated). The names of the preferences the dialog edits (the keys of `applied`&apos;s dict). The colour of the explanations below the fields (as the session view&apos;s key legend).</extracomment>
        <translation>Præferencer</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemets sprog</translation>
    </message>
    <message>
        <source>A new language is used from the next start.</source>
        <translation>Et nyt sprog bruges fra næste start.</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutter</translation>
    </message>
    <message>
        <source>Only on start and on request</source>
        <translation>Kun ved start og på anmodning</translation>
    </message>
    <message>
        <source>Sync Now (in the File menu) gets new meetings at any time.</source>
        <translation>Synkroniser nu (i menuen Filer) henter nye møder når som helst.</translation>
    </message>
    <message>
        <source>Add the sample meetings when the library is empty</source>
        <translation>Tilføj eksempelmøderne, når biblioteket er tomt</translation>
    </message>
    <message>
        <source>The author of your exports and of your notes in annotated PDF copies.</source>
        <translation>Forfatteren til dine eksporter og til dine noter i PDF-kopier med markeringer.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprog:</translation>
    </message>
    <message>
        <source>&amp;Text size:</source>
        <translation>&amp;Tekststørrelse:</translation>
    </message>
    <message>
        <source>&amp;Sync the sources every:</source>
        <translation>S&amp;ynkroniser kilderne hvert:</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Dit &amp;navn:</translation>
    </message>
</context>
<context>
    <name>PresenterWindow</name>
    <message>
        <source>Presenter Screen</source>
        <extracomment>The size of a presenter window that is not full screen. The smallest size the Indstilling shrinks to before the audience would have to scroll.</extracomment>
        <translation>Præsentationsskærm</translation>
    </message>
    <message>
        <source>document not included in the package</source>
        <translation>dokumentet er ikke med i pakken</translation>
    </message>
    <message>
        <source>Text shown to the meeting</source>
        <translation>Teksten, der vises for mødet</translation>
    </message>
    <message>
        <source>Closed item - not shown</source>
        <translation>Lukket punkt - vises ikke</translation>
    </message>
</context>
<context>
    <name>ReadOnlyNotice</name>
    <message>
        <source>Read-only library: changes are off</source>
        <translation>Skrivebeskyttet bibliotek: ændringer er slået fra</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <source>Search</source>
        <translation>Søg</translation>
    </message>
    <message>
        <source>Search every meeting: words, &quot;a phrase&quot;, a case number</source>
        <translation>Søg i alle møder: ord, &quot;en sætning&quot;, et sagsnummer</translation>
    </message>
    <message>
        <source>Search every meeting</source>
        <translation>Søg i alle møder</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Punkter</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <source>My notes</source>
        <translation>Mine noter</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>År</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Mødeforum</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Søgeresultater</translation>
    </message>
    <message>
        <source>Search in:</source>
        <translation>Søg i:</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>Alle år</translation>
    </message>
    <message>
        <source>All bodies</source>
        <translation>Alle mødefora</translation>
    </message>
    <message>
        <source>nothing (choose what to search in)</source>
        <translation>intet (vælg, hvad der skal søges i)</translation>
    </message>
    <message>
        <source>{kinds} in {scope}</source>
        <translation>{kinds} i {scope}</translation>
    </message>
    <message>
        <source>Type to search {where}.</source>
        <translation>Skriv for at søge i {where}.</translation>
    </message>
    <message>
        <source>No results for &quot;{query}&quot; in {where}.</source>
        <translation>Ingen resultater for &quot;{query}&quot; i {where}.</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 resultat</translation>
    </message>
    <message>
        <source>{count} results</source>
        <translation>{count} resultater</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source>Attachment, page {page}</source>
        <translation>Bilag, side {page}</translation>
    </message>
    <message>
        <source>My note</source>
        <translation>Min note</translation>
    </message>
    <message>
        <source>Item {number}</source>
        <translation>Punkt {number}</translation>
    </message>
    <message>
        <source>item {number}</source>
        <translation>punkt {number}</translation>
    </message>
</context>
<context>
    <name>SessionView</name>
    <message>
        <source>Save Draft Minutes</source>
        <extracomment>(file path suggested, parent) -&gt; the chosen path or None; tests inject their own. Each item status&apos;s colour, by the name of a palette tone (`window_style.tones`).</extracomment>
        <translation>Gem referatudkast</translation>
    </message>
    <message>
        <source>Word document (*.docx);;PDF (*.pdf)</source>
        <translation>Word-dokument (*.docx);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Mødeforløb</translation>
    </message>
    <message>
        <source>Closed item</source>
        <extracomment>The folder of the last export (the window&apos;s setting); &quot;&quot; proposes the documents folder.</extracomment>
        <translation>Lukket punkt</translation>
    </message>
    <message>
        <source>document not included in the package</source>
        <translation>dokumentet er ikke med i pakken</translation>
    </message>
    <message>
        <source>Loading the session...</source>
        <translation>Indlæser mødeforløbet...</translation>
    </message>
    <message>
        <source>Agenda of the session</source>
        <translation>Mødets dagsorden</translation>
    </message>
    <message>
        <source>Click an item to take it up now</source>
        <translation>Klik på et punkt for at tage det op nu</translation>
    </message>
    <message>
        <source>The time now</source>
        <translation>Klokken nu</translation>
    </message>
    <message>
        <source>Time since the session started</source>
        <translation>Tid siden mødet startede</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Start the session on the item shown (or press Right)</source>
        <translation>Start mødet ved det viste punkt (eller tryk på højre piletast)</translation>
    </message>
    <message>
        <source>Presenter Screen</source>
        <translation>Præsentationsskærm</translation>
    </message>
    <message>
        <source>Show the item and its recommendation on a second screen (P)</source>
        <translation>Vis punktet og dets indstilling på en anden skærm (P)</translation>
    </message>
    <message>
        <source>Draft Minutes...</source>
        <translation>Referatudkast...</translation>
    </message>
    <message>
        <source>Write the decisions as draft minutes (DOCX or PDF)</source>
        <translation>Skriv beslutningerne som referatudkast (DOCX eller PDF)</translation>
    </message>
    <message>
        <source>Back to Agenda</source>
        <translation>Tilbage til dagsorden</translation>
    </message>
    <message>
        <source>Show the full agenda; the session keeps running (Esc)</source>
        <translation>Vis hele dagsordenen; mødet fortsætter (Esc)</translation>
    </message>
    <message>
        <source>Confidential: never on the presenter screen, left out of the minutes</source>
        <translation>Fortroligt: vises aldrig på præsentationsskærmen og udelades af referatet</translation>
    </message>
    <message>
        <source>Include in the draft minutes</source>
        <translation>Medtag i referatudkastet</translation>
    </message>
    <message>
        <source>Closed items are left out of the draft minutes unless you include them</source>
        <translation>Lukkede punkter udelades af referatudkastet, medmindre du medtager dem</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>Indstilling</translation>
    </message>
    <message>
        <source>Absent (comma separated)</source>
        <translation>Fraværende (adskilt med komma)</translation>
    </message>
    <message>
        <source>Who is absent from the meeting (fraværende)</source>
        <translation>Hvem der er fraværende fra mødet (afbud)</translation>
    </message>
    <message>
        <source>Absent:</source>
        <translation>Fraværende:</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Fraværende</translation>
    </message>
    <message>
        <source>Who is absent, comma separated</source>
        <translation>Hvem der er fraværende, adskilt med komma</translation>
    </message>
    <message>
        <source>Time on this item against its plan</source>
        <translation>Tid brugt på dette punkt i forhold til planen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Planned minutes for this item; the rest of the meeting&apos;s time is shared</source>
        <translation>Planlagte minutter til dette punkt; resten af mødets tid deles mellem de øvrige punkter</translation>
    </message>
    <message>
        <source>Planned minutes for this item</source>
        <translation>Planlagte minutter til dette punkt</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>Plan:</translation>
    </message>
    <message>
        <source>Mark the item; press again to clear the mark</source>
        <translation>Angiv punktets status; tryk igen for at fjerne den</translation>
    </message>
    <message>
        <source>Dealt with</source>
        <translation>Behandlet</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Udsat</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Sprunget over</translation>
    </message>
    <message>
        <source>Keys: Right, Space or PageDown next item · Left or PageUp previous · D dealt with · U postponed · S skipped · 1-4 decision template · E or Enter type the decision · Esc leave the text, again: back to the agenda</source>
        <translation>Taster: højre pil, mellemrum eller PageDown næste punkt · venstre pil eller PageUp forrige · D behandlet · U udsat · S sprunget over · 1-4 beslutningsskabelon · E eller Enter skriv beslutningen · Esc forlad teksten, igen: tilbage til dagsordenen</translation>
    </message>
    <message>
        <source>The session could not be read: {error}</source>
        <translation>Mødeforløbet kunne ikke læses: {error}</translation>
    </message>
    <message>
        <source>This meeting has no items.</source>
        <translation>Dette møde har ingen punkter.</translation>
    </message>
    <message>
        <source>This item has no recommendation.</source>
        <translation>Dette punkt har ingen indstilling.</translation>
    </message>
    <message>
        <source>Next: {number} {title}</source>
        <translation>Næste: {number} {title}</translation>
    </message>
    <message>
        <source>Next: the end of the agenda</source>
        <translation>Næste: dagsordenen er slut</translation>
    </message>
    <message>
        <source>End Session</source>
        <translation>Afslut mødet</translation>
    </message>
    <message>
        <source>The meeting is over: stop the clocks (the decisions stay)</source>
        <translation>Mødet er slut: stop urene (beslutningerne bevares)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Genoptag</translation>
    </message>
    <message>
        <source>Start the clocks again on the item shown</source>
        <translation>Start urene igen på det viste punkt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>lukket</translation>
    </message>
    <message>
        <source>{status}; decision recorded</source>
        <translation>{status}; beslutning registreret</translation>
    </message>
    <message>
        <source>Not dealt with yet</source>
        <translation>Ikke behandlet endnu</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Ikke startet</translation>
    </message>
    <message>
        <source>Ended after {elapsed}</source>
        <translation>Sluttede efter {elapsed}</translation>
    </message>
    <message>
        <source>Meeting {elapsed}</source>
        <translation>Mødetid {elapsed}</translation>
    </message>
    <message>
        <source>{elapsed} of {planned} min</source>
        <translation>{elapsed} af {planned} min</translation>
    </message>
    <message>
        <source>Writing the draft minutes...</source>
        <translation>Skriver referatudkastet...</translation>
    </message>
    <message>
        <source>Draft minutes written to {path}</source>
        <translation>Referatudkastet er gemt i {path}</translation>
    </message>
    <message>
        <source>The draft minutes could not be written: {error}</source>
        <translation>Referatudkastet kunne ikke skrives: {error}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <extracomment>The keys in Qt&apos;s portable notation (``Ctrl+H``), so a filter by &quot;ctrl&quot; finds them.</extracomment>
        <translation>Tastaturgenveje</translation>
    </message>
    <message>
        <source>Other commands</source>
        <translation>Andre kommandoer</translation>
    </message>
    <message>
        <source>Session mode (when no text field has the focus)</source>
        <translation>Mødetilstand (når intet tekstfelt har fokus)</translation>
    </message>
    <message>
        <source>Next item</source>
        <translation>Næste punkt</translation>
    </message>
    <message>
        <source>Previous item</source>
        <translation>Forrige punkt</translation>
    </message>
    <message>
        <source>Mark the item as dealt with</source>
        <translation>Markér punktet som behandlet</translation>
    </message>
    <message>
        <source>Mark the item as postponed</source>
        <translation>Markér punktet som udsat</translation>
    </message>
    <message>
        <source>Mark the item as skipped</source>
        <translation>Markér punktet som sprunget over</translation>
    </message>
    <message>
        <source>Use a decision template</source>
        <translation>Brug en beslutningsskabelon</translation>
    </message>
    <message>
        <source>Type the decision</source>
        <translation>Skriv beslutningen</translation>
    </message>
    <message>
        <source>Open the presenter screen</source>
        <translation>Åbn præsentationsskærmen</translation>
    </message>
    <message>
        <source>Leave the text field (again: back to the agenda)</source>
        <translation>Forlad tekstfeltet (igen: tilbage til dagsordenen)</translation>
    </message>
    <message>
        <source>Questions to raise</source>
        <translation>Spørgsmål at rejse</translation>
    </message>
    <message>
        <source>Tick or untick the question</source>
        <translation>Afkryds spørgsmålet eller fjern afkrydsningen</translation>
    </message>
    <message>
        <source>Delete the question</source>
        <translation>Slet spørgsmålet</translation>
    </message>
    <message>
        <source>Move the question up or down</source>
        <translation>Flyt spørgsmålet op eller ned</translation>
    </message>
    <message>
        <source>Attachment (PDF)</source>
        <translation>Bilag (PDF)</translation>
    </message>
    <message>
        <source>Previous or next page</source>
        <translation>Forrige eller næste side</translation>
    </message>
    <message>
        <source>First or last page</source>
        <translation>Første eller sidste side</translation>
    </message>
    <message>
        <source>Edit the note of the selected mark</source>
        <translation>Redigér noten på den valgte markering</translation>
    </message>
    <message>
        <source>Delete the selected mark</source>
        <translation>Slet den valgte markering</translation>
    </message>
    <message>
        <source>Lists of marks and highlights</source>
        <translation>Lister over markeringer</translation>
    </message>
    <message>
        <source>Delete the selected mark or highlight</source>
        <translation>Slet den valgte markering</translation>
    </message>
    <message>
        <source>Find in item</source>
        <translation>Søg i punktet</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Næste forekomst</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Forrige forekomst</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>Luk søgelinjen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Noter</translation>
    </message>
    <message>
        <source>Bold</source>
        <translation>Fed</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>Punktopstilling</translation>
    </message>
    <message>
        <source>Filter by command, key or description</source>
        <translation>Filtrér efter kommando, tast eller beskrivelse</translation>
    </message>
    <message>
        <source>Filter the shortcuts</source>
        <translation>Filtrér genvejene</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastaturgenveje</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Kommando</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Taster</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beskrivelse</translation>
    </message>
    <message>
        <source>No shortcut matches &quot;{text}&quot;.</source>
        <translation>Ingen genvej passer til &quot;{text}&quot;.</translation>
    </message>
</context>
<context>
    <name>Shutdown</name>
    <message>
        <source>Not saved</source>
        <translation>Ikke gemt</translation>
    </message>
    <message>
        <source>Some of your words are not saved: {reason}</source>
        <translation>Noget af det, du har skrevet, er ikke gemt: {reason}</translation>
    </message>
    <message>
        <source>Keep the window open and the app keeps trying to save them; if you close it, copy them from the details first.</source>
        <translation>Hvis du lader vinduet være åbent, bliver programmet ved med at forsøge at gemme det; lukker du, så kopiér det først fra detaljerne.</translation>
    </message>
    <message>
        <source>Close Anyway</source>
        <translation>Luk alligevel</translation>
    </message>
    <message>
        <source>Keep Open</source>
        <translation>Lad være åbent</translation>
    </message>
</context>
<context>
    <name>SourcesDialog</name>
    <message>
        <source>Sources of Meetings</source>
        <extracomment>Called with (source id, secret) for a secret kept only while the app runs.</extracomment>
        <translation>Kilder til møder</translation>
    </message>
    <message>
        <source>Add a source</source>
        <translation>Tilføj en kilde</translation>
    </message>
    <message>
        <source>Add a Feed or Package</source>
        <translation>Tilføj et feed eller en pakke</translation>
    </message>
    <message>
        <source>Add a FirstAgenda Site</source>
        <translation>Tilføj et FirstAgenda-websted</translation>
    </message>
    <message>
        <source>Your sources</source>
        <translation>Dine kilder</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Sidst synkroniseret</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Fjern</translation>
    </message>
    <message>
        <source>Stop syncing from this source; the meetings you have stay in the library</source>
        <translation>Stop synkronisering fra denne kilde; de møder, du har, bliver i biblioteket</translation>
    </message>
    <message>
        <source>Sign in to the selected source</source>
        <translation>Log ind på den valgte kilde</translation>
    </message>
    <message>
        <source>Save Sign-in</source>
        <translation>Gem login</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Adgangskode:</translation>
    </message>
    <message>
        <source>https://... (a feed), or a folder or package file</source>
        <translation>https://... (et feed), eller en mappe eller pakkefil</translation>
    </message>
    <message>
        <source>Optional: the server&apos;s name is used</source>
        <translation>Valgfrit: ellers bruges serverens navn</translation>
    </message>
    <message>
        <source>No sign-in</source>
        <translation>Intet login</translation>
    </message>
    <message>
        <source>User name and password</source>
        <translation>Brugernavn og adgangskode</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Adgangstoken</translation>
    </message>
    <message>
        <source>Optional: the publisher&apos;s key; unsigned meetings are then refused</source>
        <translation>Valgfrit: udgiverens nøgle; møder uden signatur afvises så</translation>
    </message>
    <message>
        <source>Add Source</source>
        <translation>Tilføj kilde</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Navn:</translation>
    </message>
    <message>
        <source>Sign-in:</source>
        <translation>Login:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Brugernavn:</translation>
    </message>
    <message>
        <source>Public key:</source>
        <translation>Offentlig nøgle:</translation>
    </message>
    <message>
        <source>This address is not encrypted (http://): your password or token would cross the network as readable text. Use the https:// address if the server has one.</source>
        <translation>Denne adresse er ikke krypteret (http://): din adgangskode eller dit token vil blive sendt over netværket som læsbar tekst. Brug https://-adressen, hvis serveren har en.</translation>
    </message>
    <message>
        <source>Send my password unencrypted anyway</source>
        <translation>Send alligevel min adgangskode ukrypteret</translation>
    </message>
    <message>
        <source>Keep It in a File (Not Encrypted)</source>
        <translation>Gem i en fil (ikke krypteret)</translation>
    </message>
    <message>
        <source>Ask Me at Every Start</source>
        <translation>Spørg mig ved hver start</translation>
    </message>
    <message>
        <source>none</source>
        <translation>intet</translation>
    </message>
    <message>
        <source>token</source>
        <translation>token</translation>
    </message>
    <message>
        <source>keyring</source>
        <translation>nøglering</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fil</translation>
    </message>
    <message>
        <source>asked</source>
        <translation>spørges</translation>
    </message>
    <message>
        <source>{kind} ({where}, unencrypted)</source>
        <translation>{kind} ({where}, ukrypteret)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>Sign in to {name}</source>
        <translation>Log ind på {name}</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Type the password or token of this source.</source>
        <translation>Skriv adgangskoden eller tokenet til denne kilde.</translation>
    </message>
    <message>
        <source>ask at every start</source>
        <translation>spørg ved hver start</translation>
    </message>
    <message>
        <source>keep it in a file</source>
        <translation>gem i en fil</translation>
    </message>
    <message>
        <source>The password or token is kept only until you quit; you will be asked again.</source>
        <translation>Adgangskoden eller tokenet huskes kun, indtil du afslutter; du bliver spurgt igen.</translation>
    </message>
    <message>
        <source>Signed in to {name}.</source>
        <translation>Logget ind på {name}.</translation>
    </message>
    <message>
        <source>The secret was not removed: {error}</source>
        <translation>Adgangskoden eller tokenet blev ikke fjernet: {error}</translation>
    </message>
    <message>
        <source>{name} removed.</source>
        <translation>{name} er fjernet.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>The sync stopped unexpectedly: {error}</source>
        <extracomment>The first automatic sync waits this long after the window is ready. At most this many progress updates a second reach the GUI thread. When a source last synced without a problem (read after recording this run).</extracomment>
        <translation>Synkroniseringen stoppede uventet: {error}</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Cancel</source>
        <extracomment>Offline and cancelled states are shown in a muted colour; a problem in red (from the palette).</extracomment>
        <translation>Annuller</translation>
    </message>
    <message>
        <source>Stop the sync; what you have stays as it is</source>
        <translation>Stop synkroniseringen; det, du allerede har, forbliver uændret</translation>
    </message>
    <message>
        <source>Sign In...</source>
        <translation>Log ind...</translation>
    </message>
    <message>
        <source>Syncing {source}...</source>
        <translation>Synkroniserer {source}...</translation>
    </message>
    <message>
        <source>Syncing {done} of {total} files, {mb_done} of {mb_total} MB</source>
        <translation>Synkroniserer {done} af {total} filer, {mb_done} af {mb_total} MB</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>Synkroniseret {time}</translation>
    </message>
    <message>
        <source>Offline – not synced yet</source>
        <translation>Offline – ikke synkroniseret endnu</translation>
    </message>
    <message>
        <source>Offline – last synced {time}</source>
        <translation>Offline – sidst synkroniseret {time}</translation>
    </message>
    <message>
        <source>Sync cancelled; nothing was changed</source>
        <translation>Synkronisering annulleret; intet blev ændret</translation>
    </message>
    <message>
        <source>Sign-in needed for {source}</source>
        <translation>Login kræves til {source}</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Annullerer...</translation>
    </message>
    <message>
        <source>Sync problem with {source}</source>
        <translation>Problem med synkronisering af {source}</translation>
    </message>
    <message>
        <source>1 meeting new or updated</source>
        <translation>1 møde nyt eller opdateret</translation>
    </message>
    <message>
        <source>{count} meetings new or updated</source>
        <translation>{count} møder nye eller opdaterede</translation>
    </message>
</context>
<context>
    <name>TrailPanel</name>
    <message>
        <source>Case trail</source>
        <extracomment>A decision longer than this is cut at a word, with an ellipsis.</extracomment>
        <translation>Sagens forløb</translation>
    </message>
    <message>
        <source>earlier</source>
        <translation>tidligere</translation>
    </message>
    <message>
        <source>later</source>
        <translation>senere</translation>
    </message>
    <message>
        <source>item {number}</source>
        <translation>punkt {number}</translation>
    </message>
    <message>
        <source>the meeting</source>
        <translation>mødet</translation>
    </message>
    <message>
        <source>Decision: {text}</source>
        <translation>Beslutning: {text}</translation>
    </message>
</context>
<context>
    <name>WindowSearch</name>
    <message>
        <source>No search hits in this attachment.</source>
        <translation>Ingen søgefund i dette bilag.</translation>
    </message>
    <message>
        <source>No search hits in this item.</source>
        <translation>Ingen søgefund i dette punkt.</translation>
    </message>
    <message>
        <source>Hit {number} of {count}</source>
        <translation>Fund {number} af {count}</translation>
    </message>
    <message>
        <source>Making attachments searchable: {done} of {total} ({title})</source>
        <translation>Gør bilag søgbare: {done} af {total} ({title})</translation>
    </message>
    <message>
        <source>Attachments searchable: {pages} new pages</source>
        <translation>Bilag søgbare: {pages} nye sider</translation>
    </message>
    <message>
        <source>Search (Ctrl+K)</source>
        <translation>Søg (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Søg</translation>
    </message>
</context>
<context>
    <name>_MarkNoteDialog</name>
    <message>
        <source>Edit Note</source>
        <translation>Redigér note</translation>
    </message>
    <message>
        <source>Your note on page {page}:</source>
        <translation>Din note på side {page}:</translation>
    </message>
    <message>
        <source>Your note on “{quote}” (page {page}):</source>
        <translation>Din note til “{quote}” (side {page}):</translation>
    </message>
</context>
<context>
    <name>_NoteEditor</name>
    <message>
        <source>Your note (Ctrl+Enter saves, Esc cancels)</source>
        <extracomment>The page, the point (in points) and the note typed; emitted on Save.</extracomment>
        <translation>Din note (Ctrl+Enter gemmer, Esc annullerer)</translation>
    </message>
    <message>
        <source>Your note on the page</source>
        <translation>Din note på siden</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Gem note</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuller</translation>
    </message>
</context>
<context>
    <name>_PageCanvas</name>
    <message>
        <source>Pages of the file</source>
        <extracomment>The left button pressed on a page (page, point in points, viewport point).</extracomment>
        <translation>Filens sider</translation>
    </message>
    <message>
        <source>Page {number} cannot be shown.</source>
        <extracomment>Draws over a page after its pixels: (painter, page, page rect in the viewport). The tooltip for a viewport point (None: no tooltip).</extracomment>
        <translation>Side {number} kan ikke vises.</translation>
    </message>
</context>
</TS>
