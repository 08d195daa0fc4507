// The verification page in Slovenian (docs/network.md §5). Terms as in the Slovenian forms: spričevalo o poreklu
// blaga, potrdilo o gibanju blaga EUR.1 (templates/wording/sl.ts); "potrdilo" stands for either certificate.
import type { Messages } from '../messages.ts';

export const sl = {
  languageName: 'Slovenščina',
  outcomes: {
    VALID: {
      headline: 'Pristno in veljavno',
      advice:
        'To potrdilo je izdala spodaj navedena zbornica in je veljavno. Primerjajte spodnje podatke z dokumentom, ki ga imate pred seboj.',
    },
    REVOKED: {
      headline: 'Preklicano — ni veljavno',
      advice:
        'Zbornica je to potrdilo preklicala. Ne sprejmite ga; od izvoznika zahtevajte veljavno potrdilo.',
    },
    SUPERSEDED: {
      headline: 'Nadomeščeno z novejšim potrdilom',
      advice: 'To potrdilo ni več veljavno. Zahtevajte nadomestno potrdilo, navedeno spodaj.',
    },
    NOT_FOUND: {
      headline: 'Ni potrdila s to kodo',
      advice:
        'Preverite, ali je bila koda vnesena natanko tako, kot je natisnjena. Če ste skenirali kodo QR dokumenta in vidite to sporočilo, dokument obravnavajte kot sumljiv in se obrnite na spodaj navedeno zbornico.',
    },
    TAMPERED: {
      headline: 'Spremenjeno — se ne ujema z evidenco',
      advice:
        'Prikazani podatki se ne ujemajo s tem, kar je izdala zbornica. Dokumenta ne sprejmite; obrnite se na spodaj navedeno zbornico.',
    },
    UNKNOWN_KEY: {
      headline: 'Podpisano z neznanim ključem',
      advice:
        'Pečat ni bil ustvarjen z nobenim ključem, ki ga je objavila ta zbornica. Dokument obravnavajte kot ponarejen in se obrnite na spodaj navedeno zbornico.',
    },
    OFFLINE: {
      headline: 'Preverjanje trenutno ni mogoče',
      advice:
        'Ni povezave s storitvijo zbornice. To o dokumentu ne pove ničesar: poskusite znova, ko boste povezani z internetom.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Izdajatelj ni priznan',
      advice:
        'To potrdilo navaja izdajatelja, ki ni član omrežja, ki mu ta storitev zaupa, ali ki je bil iz njega izključen. Ne zanašajte se nanj; obrnite se na zbornico, navedeno na potrdilu.',
    },
  },
  types: {
    co: 'Spričevalo o poreklu blaga (nepreferencialno)',
    eur1: 'Potrdilo o gibanju blaga EUR.1',
  },
  reasons: {
    'issued-in-error': 'Izdano pomotoma',
    'incorrect-data': 'Potrdilo vsebuje napačne podatke',
    'goods-not-originating': 'Blago nima porekla, navedenega v potrdilu',
    fraud: 'Goljufija',
    'exporter-request': 'Na zahtevo izvoznika',
    other: 'Drug razlog',
  },
  labels: {
    certificate: 'Potrdilo',
    serial: 'Serijska številka',
    type: 'Vrsta',
    issuedBy: 'Izdajatelj',
    issueDate: 'Datum izdaje',
    exporter: 'Izvoznik',
    consignee: 'Prejemnik',
    origin: 'Država porekla',
    destination: 'Namembna država',
    goods: 'Blago',
    hsCode: 'Tarifna oznaka (HS)',
    quantity: 'Količina',
    revokedAt: 'Datum preklica',
    reason: 'Razlog',
    replacedBy: 'Nadomeščeno s potrdilom',
    revokedReplaced:
      'Preklic ostaja v veljavi: ta dokument ni veljaven. Zbornica je pozneje izdala tukaj navedeno nadomestno potrdilo; to je drug dokument z lastno kodo, ki se preverja na svoji strani.',
    compare:
      'Primerjajte na papirju: serijsko številko, izvoznika, prejemnika, države in vrstice blaga. Vsaka razlika pomeni, da papir ni to potrdilo.',
    sealChecked: 'Pečat QR je bil v tem brskalniku preverjen z objavljenim ključem zbornice.',
    credentialDownload: 'Prenesite podatke kot preverljivo poverilnico',
    credentialHint:
      'Za carinske, bančne in ERP-sisteme: podatki potrdila kot W3C Verifiable Credential (JSON, ki ga je podpisala zbornica).',
    fileTitle: 'Preverite datoteko PDF',
    fileHint:
      'Izberite datoteko PDF, ki ste jo prejeli, ali jo povlecite sem. Datoteka se ne naloži: pošlje se samo njen prstni odtis (SHA-256).',
    fileMatches: 'Ta datoteka je natanko potrdilo, kot je bilo izdano:',
    fileNoMatch: 'Ta datoteka ni izdano potrdilo ali pa je bila po izdaji spremenjena.',
    fileChecking: 'Preverjanje…',
    fileOther: 'Ta datoteka je potrdilo {file}, ne potrdilo {page}, prikazano na tej strani.',
    fileOpenOther: 'Odprite stran potrdila {file}',
    chamber: 'Zbornica, ki je izdala potrdilo',
    address: 'Naslov',
    phone: 'Telefon',
    email: 'E-pošta',
    web: 'Splet',
    formTitle: 'Preverite potrdilo po njegovi kodi',
    formHint:
      'Vnesite kodo za preverjanje, natisnjeno poleg kode QR: 16 črk in številk. Presledki, vezaji in velike črke niso pomembni.',
    formSubmit: 'Preveri',
    formInvalid:
      'To ni koda za preverjanje. Koda ima 16 latiničnih črk in številk, na primer 7K2M‑9QXD‑4TNB‑E8WH; vneseno primerjajte s papirjem.',
    formAnother: 'Preverite drugo kodo',
    code: 'Koda za preverjanje',
    key: 'zapečateno s ključem',
    privacy: 'Ta stran preverja evidenco same zbornice; nikoli ne prikazuje seznamov in ne išče potrdil.',
    suspendedWarning:
      'Zbornica, ki je izdala potrdilo, je od {date} suspendirana iz omrežja. Pečat potrdila je pravilen, vendar se pred zanašanjem nanj posvetujte z zbornico.',
    earlierArchiveVersion:
      'Ta datoteka je arhivska različica {version} od {versions} potrdila: isti dokument, preden so bili dodani poznejši arhivski časovni žigi. Prikazano stanje je trenutno stanje potrdila.',
    networkStatusFrom: 'Izdala {name}, članica omrežja; stanje po njenem seznamu preklicev z dne {date}.',
  },
} satisfies Messages;
