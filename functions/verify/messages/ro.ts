// The verification page in Romanian (docs/network.md §5), with ș and ț comma-below. Terms as in the Romanian
// forms: certificat de origine, certificat de circulație a mărfurilor EUR.1 (templates/wording/ro.ts).
import type { Messages } from '../messages.ts';

export const ro = {
  languageName: 'Română',
  outcomes: {
    VALID: {
      headline: 'Autentic și valabil',
      advice:
        'Acest certificat a fost emis de camera de comerț indicată mai jos și este în vigoare. Comparați datele de mai jos cu documentul pe care îl aveți în față.',
    },
    REVOKED: {
      headline: 'Revocat — nu este valabil',
      advice:
        'Camera de comerț a retras acest certificat. Nu îl acceptați; cereți exportatorului un certificat valabil.',
    },
    SUPERSEDED: {
      headline: 'Înlocuit de un certificat mai nou',
      advice: 'Acest certificat nu mai este în vigoare. Cereți certificatul înlocuitor indicat mai jos.',
    },
    NOT_FOUND: {
      headline: 'Nu există niciun certificat cu acest cod',
      advice:
        'Verificați dacă codul a fost introdus exact așa cum este tipărit. Dacă ați scanat codul QR al unui document și vedeți acest mesaj, considerați documentul suspect și contactați camera de comerț indicată mai jos.',
    },
    TAMPERED: {
      headline: 'Modificat — nu corespunde înregistrării',
      advice:
        'Datele prezentate nu corespund celor emise de camera de comerț. Nu acceptați documentul; contactați camera de comerț indicată mai jos.',
    },
    UNKNOWN_KEY: {
      headline: 'Semnat cu o cheie necunoscută',
      advice:
        'Sigiliul nu a fost aplicat cu niciuna dintre cheile publicate de această cameră de comerț. Considerați documentul fals și contactați camera de comerț indicată mai jos.',
    },
    OFFLINE: {
      headline: 'Verificarea nu este posibilă acum',
      advice:
        'Nu există conexiune cu serviciul camerei de comerț. Acest lucru nu spune nimic despre document: încercați din nou când sunteți conectat la internet.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Emitent nerecunoscut',
      advice:
        'Acest certificat indică un emitent care nu este membru al rețelei în care are încredere acest serviciu sau care a fost exclus din aceasta. Nu vă bazați pe el; contactați camera de comerț indicată pe certificat.',
    },
  },
  types: {
    co: 'Certificat de origine (nepreferențială)',
    eur1: 'Certificat de circulație a mărfurilor EUR.1',
  },
  reasons: {
    'issued-in-error': 'Emis din eroare',
    'incorrect-data': 'Certificatul conține date incorecte',
    'goods-not-originating': 'Mărfurile nu au originea indicată în certificat',
    fraud: 'Fraudă',
    'exporter-request': 'La cererea exportatorului',
    other: 'Alt motiv',
  },
  labels: {
    certificate: 'Certificat',
    serial: 'Număr de serie',
    type: 'Tip',
    issuedBy: 'Emis de',
    issueDate: 'Data emiterii',
    exporter: 'Exportator',
    consignee: 'Destinatar',
    origin: 'Țara de origine',
    destination: 'Țara de destinație',
    goods: 'Mărfuri',
    hsCode: 'Cod SA (HS)',
    quantity: 'Cantitate',
    revokedAt: 'Data revocării',
    reason: 'Motiv',
    replacedBy: 'Înlocuit de',
    revokedReplaced:
      'Revocarea rămâne valabilă: acest document nu este valabil. Camera de comerț a emis ulterior certificatul înlocuitor indicat aici; acesta este un alt document, cu propriul cod, care se verifică pe propria pagină.',
    compare:
      'Comparați pe hârtie: numărul de serie, exportatorul, destinatarul, țările și rândurile cu mărfuri. Orice diferență înseamnă că hârtia nu este acest certificat.',
    sealChecked: 'Sigiliul QR a fost verificat în acest browser cu cheia publicată a camerei de comerț.',
    credentialDownload: 'Descărcați datele ca atestare verificabilă',
    credentialHint:
      'Pentru sistemele vamale, bancare și ERP: datele certificatului ca W3C Verifiable Credential (JSON, semnat de camera de comerț).',
    fileTitle: 'Verificați un fișier PDF',
    fileHint:
      'Alegeți fișierul PDF primit sau trageți-l aici. Fișierul nu este încărcat: se trimite doar amprenta sa (SHA-256).',
    fileMatches: 'Acest fișier este exact certificatul așa cum a fost emis:',
    fileNoMatch: 'Acest fișier nu este un certificat emis sau a fost modificat după emitere.',
    fileChecking: 'Se verifică…',
    fileOther: 'Acest fișier este certificatul {file}, nu certificatul {page} afișat pe această pagină.',
    fileOpenOther: 'Deschideți pagina certificatului {file}',
    chamber: 'Camera de comerț emitentă',
    address: 'Adresă',
    phone: 'Telefon',
    email: 'E-mail',
    web: 'Web',
    formTitle: 'Verificați un certificat după cod',
    formHint:
      'Introduceți codul de verificare tipărit lângă codul QR: 16 litere și cifre. Spațiile, cratimele și majusculele nu contează.',
    formSubmit: 'Verifică',
    formInvalid:
      'Acesta nu este un cod de verificare. Un cod are 16 litere latine și cifre, de exemplu 7K2M‑9QXD‑4TNB‑E8WH; comparați ce ați introdus cu hârtia.',
    formAnother: 'Verificați alt cod',
    code: 'Cod de verificare',
    key: 'sigilat cu cheia',
    privacy:
      'Această pagină verifică evidența proprie a camerei de comerț; nu afișează liste și nu caută niciodată certificate.',
    suspendedWarning:
      'Camera de comerț emitentă este suspendată din rețea din {date}. Sigiliul certificatului este valid, dar întrebați camera de comerț înainte de a vă baza pe el.',
    earlierArchiveVersion:
      'Acest fișier este versiunea de arhivă {version} din {versions} a certificatului: același document înainte de adăugarea mărcilor temporale de arhivă ulterioare. Starea afișată este starea actuală a certificatului.',
    networkStatusFrom:
      'Emis de {name}, membru al rețelei; starea conform listei sale de revocări din {date}.',
  },
} satisfies Messages;
