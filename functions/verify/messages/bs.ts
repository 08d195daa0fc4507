// The verification page in Bosnian (docs/network.md §5).
import type { Messages } from '../messages.ts';

export const bs = {
  languageName: 'Bosanski',
  outcomes: {
    VALID: {
      headline: 'Vjerodostojno i važeće',
      advice:
        'Ovo uvjerenje je izdala dolje navedena komora i važeće je. Uporedite podatke ispod s dokumentom koji imate pred sobom.',
    },
    REVOKED: {
      headline: 'Poništeno — ne važi',
      advice:
        'Komora je povukla ovo uvjerenje. Nemojte ga prihvatiti; zatražite od izvoznika važeće uvjerenje.',
    },
    SUPERSEDED: {
      headline: 'Zamijenjeno novijim uvjerenjem',
      advice: 'Ovo uvjerenje više ne važi. Zatražite uvjerenje koje ga zamjenjuje, navedeno ispod.',
    },
    NOT_FOUND: {
      headline: 'Nema uvjerenja s ovim kodom',
      advice:
        'Provjerite da li je kod unesen tačno onako kako je odštampan. Ako ste skenirali QR kod dokumenta i vidite ovo, smatrajte dokument sumnjivim i obratite se dolje navedenoj komori.',
    },
    TAMPERED: {
      headline: 'Izmijenjeno — ne odgovara evidenciji',
      advice:
        'Prikazani podaci ne odgovaraju onome što je komora izdala. Nemojte prihvatiti dokument; obratite se dolje navedenoj komori.',
    },
    UNKNOWN_KEY: {
      headline: 'Potpisano nepoznatim ključem',
      advice:
        'Pečat nije napravljen nijednim ključem koji je ova komora objavila. Smatrajte dokument falsifikatom i obratite se dolje navedenoj komori.',
    },
    OFFLINE: {
      headline: 'Provjera trenutno nije moguća',
      advice:
        'Nema veze sa servisom komore. To ništa ne govori o dokumentu: pokušajte ponovo kada budete povezani na internet.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Izdavalac nije priznat',
      advice:
        'Ovo uvjerenje navodi izdavaoca koji nije član mreže kojoj ovaj servis vjeruje ili koji je iz nje isključen. Nemojte se oslanjati na njega; obratite se komori navedenoj na uvjerenju.',
    },
  },
  types: {
    co: 'Uvjerenje o porijeklu (nepreferencijalno)',
    eur1: 'Uvjerenje o kretanju robe EUR.1',
  },
  reasons: {
    'issued-in-error': 'Izdato greškom',
    'incorrect-data': 'Uvjerenje sadrži netačne podatke',
    'goods-not-originating': 'Roba nema porijeklo navedeno u uvjerenju',
    fraud: 'Prevara',
    'exporter-request': 'Na zahtjev izvoznika',
    other: 'Drugi razlog',
  },
  labels: {
    certificate: 'Uvjerenje',
    serial: 'Serijski broj',
    type: 'Vrsta',
    issuedBy: 'Izdao',
    issueDate: 'Datum izdavanja',
    exporter: 'Izvoznik',
    consignee: 'Primalac',
    origin: 'Zemlja porijekla',
    destination: 'Odredište',
    goods: 'Roba',
    hsCode: 'Tarifni broj (HS)',
    quantity: 'Količina',
    revokedAt: 'Poništeno',
    reason: 'Razlog',
    replacedBy: 'Zamijenjeno uvjerenjem',
    revokedReplaced:
      'Poništenje ostaje na snazi: ovaj dokument nije važeći. Komora je kasnije izdala ovdje navedeno zamjensko uvjerenje; to je drugi dokument, s vlastitim kodom, koji se provjerava na svojoj stranici.',
    compare:
      'Uporedite na papiru: serijski broj, izvoznika, primaoca, zemlje i stavke robe. Svaka razlika znači da papir nije ovo uvjerenje.',
    sealChecked: 'QR pečat je provjeren u ovom pregledniku s objavljenim ključem komore.',
    credentialDownload: 'Preuzmite podatke kao provjerljivi akreditiv',
    credentialHint:
      'Za carinske, bankarske i ERP sisteme: podaci uvjerenja kao W3C Verifiable Credential (JSON, potpisan od komore).',
    fileTitle: 'Provjerite PDF datoteku',
    fileHint:
      'Izaberite PDF koji ste primili ili ga prevucite ovdje. Ne šalje se: šalje se samo njegov otisak (SHA-256).',
    fileMatches: 'Ova datoteka je upravo uvjerenje onakvo kakvo je izdato:',
    fileNoMatch: 'Ova datoteka nije izdato uvjerenje ili je izmijenjena nakon izdavanja.',
    fileChecking: 'Provjerava se…',
    fileOther: 'Ova datoteka je uvjerenje {file}, a ne uvjerenje {page} prikazano na ovoj stranici.',
    fileOpenOther: 'Otvorite stranicu uvjerenja {file}',
    chamber: 'Komora koja je izdala uvjerenje',
    address: 'Adresa',
    phone: 'Telefon',
    email: 'E-mail',
    web: 'Web',
    formTitle: 'Provjerite uvjerenje prema kodu',
    formHint:
      'Unesite kod za provjeru odštampan pored QR koda: 16 slova i cifara. Razmaci, crtice i velika slova nisu važni.',
    formSubmit: 'Provjeri',
    formInvalid:
      'Ovo nije kod za provjeru. Kod ima 16 latiničnih slova i cifara, na primjer 7K2M‑9QXD‑4TNB‑E8WH; uporedite uneseno s papirom.',
    formAnother: 'Provjerite drugi kod',
    code: 'Kod za provjeru',
    key: 'zapečaćeno ključem',
    privacy:
      'Ova stranica provjerava evidenciju same komore; nikada ne prikazuje spiskove niti pretražuje uvjerenja.',
    suspendedWarning:
      'Komora koja je izdala uvjerenje suspendovana je iz mreže od {date}. Pečat uvjerenja je ispravan, ali prije nego što se oslonite na njega, pitajte komoru.',
    earlierArchiveVersion:
      'Ova datoteka je arhivska verzija {version} od {versions} certifikata: isti dokument prije dodavanja kasnijih arhivskih vremenskih pečata. Prikazani status je trenutni status certifikata.',
    networkStatusFrom: 'Izdala {name}, članica mreže; status prema njenoj listi opoziva od {date}.',
  },
} satisfies Messages;
