// The verification page in Croatian (docs/network.md §5).
import type { Messages } from '../messages.ts';

export const hr = {
  languageName: 'Hrvatski',
  outcomes: {
    VALID: {
      headline: 'Vjerodostojno i valjano',
      advice:
        'Ovu je potvrdu izdala niže navedena komora i na snazi je. Usporedite podatke u nastavku s dokumentom koji imate pred sobom.',
    },
    REVOKED: {
      headline: 'Opozvano — nije valjano',
      advice: 'Komora je povukla ovu potvrdu. Nemojte je prihvatiti; zatražite od izvoznika valjanu potvrdu.',
    },
    SUPERSEDED: {
      headline: 'Zamijenjeno novijom potvrdom',
      advice: 'Ova potvrda više nije na snazi. Zatražite zamjensku potvrdu navedenu u nastavku.',
    },
    NOT_FOUND: {
      headline: 'Nema potvrde s ovim kodom',
      advice:
        'Provjerite je li kod upisan točno kako je otisnut. Ako ste skenirali QR kod dokumenta i vidite ovo, smatrajte dokument sumnjivim i obratite se niže navedenoj komori.',
    },
    TAMPERED: {
      headline: 'Izmijenjeno — ne odgovara evidenciji',
      advice:
        'Prikazani podaci ne odgovaraju onome što je komora izdala. Nemojte prihvatiti dokument; obratite se niže navedenoj komori.',
    },
    UNKNOWN_KEY: {
      headline: 'Potpisano nepoznatim ključem',
      advice:
        'Pečat nije izrađen nijednim ključem koji je ova komora objavila. Smatrajte dokument krivotvorenim i obratite se niže navedenoj komori.',
    },
    OFFLINE: {
      headline: 'Provjera trenutačno nije moguća',
      advice:
        'Nema veze s uslugom komore. To ništa ne govori o dokumentu: pokušajte ponovno kada budete povezani s internetom.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Izdavatelj nije priznat',
      advice:
        'Ova potvrda navodi izdavatelja koji nije član mreže kojoj ova usluga vjeruje ili koji je iz nje isključen. Nemojte se na nju oslanjati; obratite se komori navedenoj na potvrdi.',
    },
  },
  types: {
    co: 'Potvrda o podrijetlu (nepreferencijalna)',
    eur1: 'Potvrda o prometu robe EUR.1',
  },
  reasons: {
    'issued-in-error': 'Izdano greškom',
    'incorrect-data': 'Potvrda sadrži netočne podatke',
    'goods-not-originating': 'Roba nema podrijetlo navedeno u potvrdi',
    fraud: 'Prijevara',
    'exporter-request': 'Na zahtjev izvoznika',
    other: 'Drugi razlog',
  },
  labels: {
    certificate: 'Potvrda',
    serial: 'Serijski broj',
    type: 'Vrsta',
    issuedBy: 'Izdavatelj',
    issueDate: 'Datum izdavanja',
    exporter: 'Izvoznik',
    consignee: 'Primatelj',
    origin: 'Država podrijetla',
    destination: 'Odredište',
    goods: 'Roba',
    hsCode: 'Tarifni broj (HS)',
    quantity: 'Količina',
    revokedAt: 'Opozvano',
    reason: 'Razlog',
    replacedBy: 'Zamijenjeno potvrdom',
    revokedReplaced:
      'Opoziv ostaje na snazi: ovaj dokument nije valjan. Komora je kasnije izdala ovdje navedenu zamjensku potvrdu; to je drugi dokument, s vlastitim kodom, koji se provjerava na vlastitoj stranici.',
    compare:
      'Usporedite na papiru: serijski broj, izvoznika, primatelja, države i stavke robe. Svaka razlika znači da papir nije ova potvrda.',
    sealChecked: 'QR pečat provjeren je u ovom pregledniku s objavljenim ključem komore.',
    credentialDownload: 'Preuzmite podatke kao provjerljivu vjerodajnicu',
    credentialHint:
      'Za carinske, bankovne i ERP sustave: podaci potvrde kao W3C Verifiable Credential (JSON, potpisan od komore).',
    fileTitle: 'Provjerite PDF datoteku',
    fileHint:
      'Odaberite PDF koji ste primili ili ga povucite ovamo. Ne učitava se: šalje se samo njegov otisak (SHA-256).',
    fileMatches: 'Ova je datoteka upravo potvrda kakva je izdana:',
    fileNoMatch: 'Ova datoteka nije izdana potvrda ili je izmijenjena nakon izdavanja.',
    fileChecking: 'Provjerava se…',
    fileOther: 'Ova datoteka je potvrda {file}, a ne potvrda {page} prikazana na ovoj stranici.',
    fileOpenOther: 'Otvorite stranicu potvrde {file}',
    chamber: 'Komora koja je izdala potvrdu',
    address: 'Adresa',
    phone: 'Telefon',
    email: 'E-pošta',
    web: 'Web',
    formTitle: 'Provjerite potvrdu prema kodu',
    formHint:
      'Upišite kod za provjeru otisnut pokraj QR koda: 16 slova i znamenki. Razmaci, crtice i velika slova nisu važni.',
    formSubmit: 'Provjeri',
    formInvalid:
      'Ovo nije kod za provjeru. Kod ima 16 latiničnih slova i znamenki, na primjer 7K2M‑9QXD‑4TNB‑E8WH; usporedite upisano s papirom.',
    formAnother: 'Provjerite drugi kod',
    code: 'Kod za provjeru',
    key: 'zapečaćeno ključem',
    privacy:
      'Ova stranica provjerava evidenciju same komore; nikada ne prikazuje popise niti pretražuje potvrde.',
    suspendedWarning:
      'Komora koja je izdala potvrdu suspendirana je iz mreže od {date}. Pečat potvrde je ispravan, ali prije nego što se oslonite na nju, provjerite kod komore.',
    earlierArchiveVersion:
      'Ova je datoteka arhivska verzija {version} od {versions} certifikata: isti dokument prije dodavanja kasnijih arhivskih vremenskih žigova. Prikazani status trenutačni je status certifikata.',
    networkStatusFrom: 'Izdala {name}, članica mreže; status prema njezinom popisu opoziva od {date}.',
  },
} satisfies Messages;
