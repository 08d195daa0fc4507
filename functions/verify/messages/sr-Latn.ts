// The verification page in Serbian, Latin script (docs/network.md §5): messages/sr-Cyrl.ts transliterated
// letter for letter, the same text. Terms as on the Serbian forms: uverenje o poreklu robe, uverenje o kretanju
// robe EUR.1 (templates/wording/sr-Latn.ts).
import type { Messages } from '../messages.ts';

export const srLatn = {
  languageName: 'Srpski (latinica)',
  outcomes: {
    VALID: {
      headline: 'Autentično i važeće',
      advice:
        'Ovo uverenje je izdala dole navedena komora i važeće je. Uporedite podatke ispod sa dokumentom koji imate pred sobom.',
    },
    REVOKED: {
      headline: 'Poništeno — ne važi',
      advice:
        'Komora je povukla ovo uverenje. Nemojte ga prihvatiti; zatražite od izvoznika važeće uverenje.',
    },
    SUPERSEDED: {
      headline: 'Zamenjeno novijim uverenjem',
      advice: 'Ovo uverenje više ne važi. Zatražite uverenje koje ga zamenjuje, navedeno ispod.',
    },
    NOT_FOUND: {
      headline: 'Nema uverenja sa ovim kodom',
      advice:
        'Proverite da li je kod unet tačno onako kako je odštampan. Ako ste skenirali QR kod dokumenta i vidite ovo, smatrajte dokument sumnjivim i obratite se dole navedenoj komori.',
    },
    TAMPERED: {
      headline: 'Izmenjeno — ne odgovara evidenciji',
      advice:
        'Prikazani podaci ne odgovaraju onome što je komora izdala. Nemojte prihvatiti dokument; obratite se dole navedenoj komori.',
    },
    UNKNOWN_KEY: {
      headline: 'Potpisano nepoznatim ključem',
      advice:
        'Pečat nije napravljen nijednim ključem koji je ova komora objavila. Smatrajte dokument falsifikovanim i obratite se dole navedenoj komori.',
    },
    OFFLINE: {
      headline: 'Provera trenutno nije moguća',
      advice:
        'Nema veze sa uslugom komore. To ništa ne govori o dokumentu: pokušajte ponovo kada budete povezani na internet.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Izdavalac nije priznat',
      advice:
        'Ovo uverenje navodi izdavaoca koji nije član mreže kojoj ova usluga veruje ili koji je iz nje isključen. Nemojte se oslanjati na njega; obratite se komori navedenoj na uverenju.',
    },
  },
  types: {
    co: 'Uverenje o poreklu robe (nepreferencijalno)',
    eur1: 'Uverenje o kretanju robe EUR.1',
  },
  reasons: {
    'issued-in-error': 'Izdato greškom',
    'incorrect-data': 'Uverenje sadrži netačne podatke',
    'goods-not-originating': 'Roba nema poreklo navedeno u uverenju',
    fraud: 'Prevara',
    'exporter-request': 'Na zahtev izvoznika',
    other: 'Drugi razlog',
  },
  labels: {
    certificate: 'Uverenje',
    serial: 'Serijski broj',
    type: 'Vrsta',
    issuedBy: 'Izdavalac',
    issueDate: 'Datum izdavanja',
    exporter: 'Izvoznik',
    consignee: 'Primalac',
    origin: 'Zemlja porekla',
    destination: 'Zemlja odredišta',
    goods: 'Roba',
    hsCode: 'Tarifni broj (HS)',
    quantity: 'Količina',
    revokedAt: 'Datum poništenja',
    reason: 'Razlog',
    replacedBy: 'Zamenjeno uverenjem',
    revokedReplaced:
      'Poništenje ostaje na snazi: ovaj dokument nije važeći. Komora je kasnije izdala ovde navedeno uverenje koje ga zamenjuje; to je drugi dokument, sa sopstvenim kodom, koji se proverava na sopstvenoj stranici.',
    compare:
      'Uporedite na papiru: serijski broj, izvoznika, primaoca, zemlje i stavke robe. Svaka razlika znači da papir nije ovo uverenje.',
    sealChecked: 'QR pečat je proveren u ovom pregledaču pomoću objavljenog ključa komore.',
    credentialDownload: 'Preuzmite podatke kao proverljivi akreditiv',
    credentialHint:
      'Za carinske, bankarske i ERP sisteme: podaci uverenja kao W3C Verifiable Credential (JSON, potpisan od strane komore).',
    fileTitle: 'Proverite PDF datoteku',
    fileHint:
      'Izaberite PDF koji ste primili ili ga prevucite ovde. Datoteka se ne otprema: šalje se samo njen otisak (SHA-256).',
    fileMatches: 'Ova datoteka je tačno uverenje onakvo kakvo je izdato:',
    fileNoMatch: 'Ova datoteka nije izdato uverenje ili je izmenjena nakon izdavanja.',
    fileChecking: 'Provera u toku…',
    fileOther: 'Ova datoteka je uverenje {file}, a ne uverenje {page} prikazano na ovoj stranici.',
    fileOpenOther: 'Otvorite stranicu uverenja {file}',
    chamber: 'Komora koja je izdala uverenje',
    address: 'Adresa',
    phone: 'Telefon',
    email: 'E-pošta',
    web: 'Veb',
    formTitle: 'Proverite uverenje prema kodu',
    formHint:
      'Unesite kod za proveru odštampan pored QR koda: 16 slova i cifara. Razmaci, crtice i velika slova nisu bitni.',
    formSubmit: 'Proveri',
    formInvalid:
      'Ovo nije kod za proveru. Kod ima 16 latiničnih slova i cifara, na primer 7K2M‑9QXD‑4TNB‑E8WH; uporedite uneto sa papirom.',
    formAnother: 'Proverite drugi kod',
    code: 'Kod za proveru',
    key: 'zapečaćeno ključem',
    privacy:
      'Ova stranica proverava evidenciju same komore; nikada ne prikazuje spiskove niti pretražuje uverenja.',
    suspendedWarning:
      'Komora koja je izdala uverenje suspendovana je iz mreže od {date}. Pečat uverenja je ispravan, ali se obratite komori pre nego što se oslonite na njega.',
    earlierArchiveVersion:
      'Ova datoteka je arhivska verzija {version} od {versions} sertifikata: isti dokument pre dodavanja kasnijih arhivskih vremenskih žigova. Prikazani status je trenutni status sertifikata.',
    networkStatusFrom:
      'Izdavalac: {name}, članica mreže; status prema listi poništenih uverenja te komore od {date}.',
  },
} satisfies Messages;
