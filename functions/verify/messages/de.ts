// The verification page in German (docs/network.md §5).
import type { Messages } from '../messages.ts';

export const de = {
  languageName: 'Deutsch',
  outcomes: {
    VALID: {
      headline: 'Echt und gültig',
      advice:
        'Diese Bescheinigung wurde von der unten genannten Kammer ausgestellt und ist gültig. Vergleichen Sie die Angaben unten mit dem Dokument, das Ihnen vorliegt.',
    },
    REVOKED: {
      headline: 'Widerrufen — ungültig',
      advice:
        'Die Kammer hat diese Bescheinigung widerrufen. Nehmen Sie sie nicht an; verlangen Sie vom Ausführer eine gültige Bescheinigung.',
    },
    SUPERSEDED: {
      headline: 'Durch eine neuere Bescheinigung ersetzt',
      advice:
        'Diese Bescheinigung ist nicht mehr gültig. Verlangen Sie die unten genannte Ersatzbescheinigung.',
    },
    NOT_FOUND: {
      headline: 'Keine Bescheinigung mit diesem Code',
      advice:
        'Prüfen Sie, ob der Code genau so eingegeben wurde, wie er gedruckt ist. Wenn Sie den QR-Code eines Dokuments gescannt haben und dies sehen, behandeln Sie das Dokument als verdächtig und wenden Sie sich an die unten genannte Kammer.',
    },
    TAMPERED: {
      headline: 'Verändert — stimmt nicht mit dem Register überein',
      advice:
        'Die vorgelegten Daten stimmen nicht mit dem überein, was die Kammer ausgestellt hat. Nehmen Sie das Dokument nicht an; wenden Sie sich an die unten genannte Kammer.',
    },
    UNKNOWN_KEY: {
      headline: 'Mit einem unbekannten Schlüssel signiert',
      advice:
        'Das Siegel wurde mit keinem Schlüssel erstellt, den diese Kammer veröffentlicht hat. Behandeln Sie das Dokument als Fälschung und wenden Sie sich an die unten genannte Kammer.',
    },
    OFFLINE: {
      headline: 'Prüfung derzeit nicht möglich',
      advice:
        'Es besteht keine Verbindung zum Dienst der Kammer. Das sagt nichts über das Dokument aus: Versuchen Sie es erneut, wenn Sie online sind.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Aussteller nicht anerkannt',
      advice:
        'Diese Bescheinigung nennt einen Aussteller, der nicht Mitglied des Netzes ist, dem dieser Dienst vertraut, oder der ausgeschlossen wurde. Verlassen Sie sich nicht auf sie; wenden Sie sich an die auf der Bescheinigung genannte Kammer.',
    },
  },
  types: {
    co: 'Ursprungszeugnis (nichtpräferenziell)',
    eur1: 'Warenverkehrsbescheinigung EUR.1',
  },
  reasons: {
    'issued-in-error': 'Irrtümlich ausgestellt',
    'incorrect-data': 'Die Bescheinigung enthält unrichtige Angaben',
    'goods-not-originating': 'Die Waren haben nicht den in der Bescheinigung angegebenen Ursprung',
    fraud: 'Betrug',
    'exporter-request': 'Auf Antrag des Ausführers',
    other: 'Anderer Grund',
  },
  labels: {
    certificate: 'Bescheinigung',
    serial: 'Seriennummer',
    type: 'Art',
    issuedBy: 'Ausgestellt von',
    issueDate: 'Ausstellungsdatum',
    exporter: 'Ausführer',
    consignee: 'Empfänger',
    origin: 'Ursprungsland',
    destination: 'Bestimmung',
    goods: 'Waren',
    hsCode: 'HS-Code',
    quantity: 'Menge',
    revokedAt: 'Widerrufen am',
    reason: 'Grund',
    replacedBy: 'Ersetzt durch',
    revokedReplaced:
      'Der Widerruf bleibt bestehen: Dieses Dokument ist ungültig. Die Kammer hat später die hier genannte Ersatzbescheinigung ausgestellt; sie ist ein anderes Dokument mit eigenem Code, das auf seiner eigenen Seite zu prüfen ist.',
    compare:
      'Vergleichen Sie auf dem Papier: die Seriennummer, den Ausführer, den Empfänger, die Länder und die Warenpositionen. Jede Abweichung bedeutet, dass das Papier nicht diese Bescheinigung ist.',
    sealChecked:
      'Das QR-Siegel wurde in diesem Browser mit dem veröffentlichten Schlüssel der Kammer geprüft.',
    credentialDownload: 'Die Daten als überprüfbaren Nachweis herunterladen',
    credentialHint:
      'Für Zoll-, Bank- und ERP-Systeme: die Daten der Bescheinigung als W3C Verifiable Credential (JSON, von der Kammer signiert).',
    fileTitle: 'Eine PDF-Datei prüfen',
    fileHint:
      'Wählen Sie die erhaltene PDF-Datei aus oder ziehen Sie sie hierher. Sie wird nicht hochgeladen: Nur ihr Fingerabdruck (SHA-256) wird gesendet.',
    fileMatches: 'Diese Datei ist genau die Bescheinigung, wie sie ausgestellt wurde:',
    fileNoMatch:
      'Diese Datei ist keine ausgestellte Bescheinigung oder wurde nach der Ausstellung verändert.',
    fileChecking: 'Wird geprüft…',
    fileOther:
      'Diese Datei ist die Bescheinigung {file}, nicht die auf dieser Seite gezeigte Bescheinigung {page}.',
    fileOpenOther: 'Die Seite der Bescheinigung {file} öffnen',
    chamber: 'Die ausstellende Kammer',
    address: 'Anschrift',
    phone: 'Telefon',
    email: 'E-Mail',
    web: 'Web',
    formTitle: 'Eine Bescheinigung anhand ihres Codes prüfen',
    formHint:
      'Geben Sie den neben dem QR-Code gedruckten Prüfcode ein: 16 Buchstaben und Ziffern. Leerzeichen, Bindestriche und Großschreibung spielen keine Rolle.',
    formSubmit: 'Prüfen',
    formInvalid:
      'Das ist kein Prüfcode. Ein Code hat 16 Buchstaben und Ziffern, zum Beispiel 7K2M‑9QXD‑4TNB‑E8WH; vergleichen Sie Ihre Eingabe mit dem Papier.',
    formAnother: 'Einen anderen Code prüfen',
    code: 'Prüfcode',
    key: 'versiegelt mit Schlüssel',
    privacy:
      'Diese Seite prüft das Register der Kammer selbst; sie listet oder durchsucht niemals Bescheinigungen.',
    suspendedWarning:
      'Die ausstellende Kammer ist seit {date} vom Netz suspendiert. Das Siegel der Bescheinigung ist in Ordnung, aber fragen Sie bei der Kammer nach, bevor Sie sich auf sie verlassen.',
    earlierArchiveVersion:
      'Diese Datei ist Archivversion {version} von {versions} der Bescheinigung: dasselbe Dokument vor dem Hinzufügen späterer Archivzeitstempel. Der angezeigte Status ist der aktuelle Status der Bescheinigung.',
    networkStatusFrom:
      'Ausgestellt von {name}, einem Mitglied des Netzes; Status laut dessen Widerrufsliste vom {date}.',
  },
} satisfies Messages;
