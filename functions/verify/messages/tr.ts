// The verification page in Turkish (docs/network.md §5). Terms as in the Turkish forms: Menşe Şahadetnamesi,
// EUR.1 Dolaşım Sertifikası (templates/wording/tr.ts); the chamber is an oda (as in TOBB).
import type { Messages } from '../messages.ts';

export const tr = {
  languageName: 'Türkçe',
  outcomes: {
    VALID: {
      headline: 'Gerçek ve geçerli',
      advice:
        'Bu sertifika aşağıda adı geçen oda tarafından düzenlenmiştir ve yürürlüktedir. Aşağıdaki bilgileri önünüzdeki belgeyle karşılaştırın.',
    },
    REVOKED: {
      headline: 'İptal edildi — geçerli değil',
      advice: 'Oda bu sertifikayı geri çekmiştir. Kabul etmeyin; ihracatçıdan geçerli bir sertifika isteyin.',
    },
    SUPERSEDED: {
      headline: 'Daha yeni bir sertifikayla değiştirildi',
      advice: 'Bu sertifika artık yürürlükte değildir. Aşağıda belirtilen, yerine geçen sertifikayı isteyin.',
    },
    NOT_FOUND: {
      headline: 'Bu koda sahip sertifika yok',
      advice:
        'Kodun tam olarak basıldığı gibi girildiğini kontrol edin. Bir belgenin QR kodunu taradıysanız ve bu mesajı görüyorsanız, belgeyi şüpheli kabul edin ve aşağıda adı geçen odayla iletişime geçin.',
    },
    TAMPERED: {
      headline: 'Değiştirilmiş — kayıtla uyuşmuyor',
      advice:
        'Sunulan bilgiler odanın düzenlediği bilgilerle uyuşmuyor. Belgeyi kabul etmeyin; aşağıda adı geçen odayla iletişime geçin.',
    },
    UNKNOWN_KEY: {
      headline: 'Bilinmeyen bir anahtarla imzalanmış',
      advice:
        'Mühür, bu odanın yayımladığı anahtarların hiçbiriyle oluşturulmamıştır. Belgeyi sahte kabul edin ve aşağıda adı geçen odayla iletişime geçin.',
    },
    OFFLINE: {
      headline: 'Şu anda kontrol edilemiyor',
      advice:
        'Odanın hizmetine bağlantı yok. Bu durum belge hakkında hiçbir şey söylemez: internete bağlandığınızda tekrar deneyin.',
    },
    UNKNOWN_ISSUER: {
      headline: 'Düzenleyen tanınmıyor',
      advice:
        'Bu sertifikada, bu hizmetin güvendiği ağın üyesi olmayan ya da ağdan çıkarılmış bir düzenleyen belirtilmektedir. Sertifikaya güvenmeyin; sertifikada adı geçen odayla iletişime geçin.',
    },
  },
  types: {
    co: 'Menşe Şahadetnamesi (tercihli olmayan)',
    eur1: 'EUR.1 Dolaşım Sertifikası',
  },
  reasons: {
    'issued-in-error': 'Yanlışlıkla düzenlendi',
    'incorrect-data': 'Sertifika yanlış bilgi içeriyor',
    'goods-not-originating': 'Eşya, sertifikada belirtilen menşeye sahip değil',
    fraud: 'Sahtecilik',
    'exporter-request': 'İhracatçının talebi üzerine',
    other: 'Başka bir neden',
  },
  labels: {
    certificate: 'Sertifika',
    serial: 'Seri numarası',
    type: 'Türü',
    issuedBy: 'Düzenleyen',
    issueDate: 'Düzenlenme tarihi',
    exporter: 'İhracatçı',
    consignee: 'Alıcı',
    origin: 'Menşe ülkesi',
    destination: 'Varış ülkesi',
    goods: 'Eşya',
    hsCode: 'GTİP/HS kodu',
    quantity: 'Miktar',
    revokedAt: 'İptal tarihi',
    reason: 'Neden',
    replacedBy: 'Yerine geçen sertifika',
    revokedReplaced:
      'İptal geçerliliğini korur: bu belge geçerli değildir. Oda daha sonra burada belirtilen, yerine geçen sertifikayı düzenlemiştir; bu, kendi kodu olan ve kendi sayfasında kontrol edilmesi gereken başka bir belgedir.',
    compare:
      'Kâğıt üzerinde karşılaştırın: seri numarası, ihracatçı, alıcı, ülkeler ve eşya satırları. Herhangi bir fark, kâğıdın bu sertifika olmadığı anlamına gelir.',
    sealChecked: 'QR mühür bu tarayıcıda odanın yayımladığı anahtarla kontrol edildi.',
    credentialDownload: 'Verileri doğrulanabilir kimlik bilgisi olarak indirin',
    credentialHint:
      'Gümrük, banka ve ERP sistemleri için: sertifikanın verileri W3C Verifiable Credential olarak (JSON, oda tarafından imzalanmış).',
    fileTitle: 'Bir PDF dosyasını kontrol edin',
    fileHint:
      'Aldığınız PDF dosyasını seçin veya buraya sürükleyin. Dosya yüklenmez: yalnızca parmak izi (SHA-256) gönderilir.',
    fileMatches: 'Bu dosya, düzenlendiği haliyle sertifikanın ta kendisidir:',
    fileNoMatch: 'Bu dosya düzenlenmiş bir sertifika değildir veya düzenlendikten sonra değiştirilmiştir.',
    fileChecking: 'Kontrol ediliyor…',
    fileOther:
      'Bu dosya {file} numaralı sertifikadır, bu sayfada gösterilen {page} numaralı sertifika değildir.',
    fileOpenOther: '{file} numaralı sertifikanın sayfasını açın',
    chamber: 'Düzenleyen oda',
    address: 'Adres',
    phone: 'Telefon',
    email: 'E-posta',
    web: 'Web',
    formTitle: 'Bir sertifikayı koduyla kontrol edin',
    formHint:
      'QR kodun yanında basılı doğrulama kodunu girin: 16 harf ve rakam. Boşluklar, tireler ve büyük harfler önemli değildir.',
    formSubmit: 'Kontrol et',
    formInvalid:
      'Bu bir doğrulama kodu değil. Kod 16 Latin harfi ve rakamdan oluşur, örneğin 7K2M‑9QXD‑4TNB‑E8WH; yazdığınızı kâğıtla karşılaştırın.',
    formAnother: 'Başka bir kodu kontrol edin',
    code: 'Doğrulama kodu',
    key: 'mühürleme anahtarı',
    privacy:
      'Bu sayfa odanın kendi kaydını kontrol eder; hiçbir zaman sertifika listelemez veya sertifika aramaz.',
    suspendedWarning:
      'Düzenleyen odanın ağdaki üyeliği {date} tarihinden beri askıya alınmıştır. Sertifikanın mührü doğrudur, ancak sertifikaya güvenmeden önce odaya danışın.',
    earlierArchiveVersion:
      'Bu dosya, sertifikanın {versions} arşiv sürümünden {version}. sürümüdür: sonraki arşiv zaman damgaları eklenmeden önceki aynı belge. Gösterilen durum, sertifikanın güncel durumudur.',
    networkStatusFrom:
      'Ağın üyesi {name} tarafından düzenlenmiştir; durum, {date} tarihli iptal listesine göredir.',
  },
} satisfies Messages;
