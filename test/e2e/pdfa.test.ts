// Every certificate PDF is PDF/A-3b and tagged (docs/legal.md §7): each rule of ISO 19005-3 that can be checked
// mechanically, on certificates of both types, in three label-language pairs, one sheet and several, as
// rendered and as sealed (sealing loads and writes the file again, and must keep all of it). The file is read
// with pdf-lib and looked at with tools tradecert did not write: qpdf, mutool, pdffonts and pdftotext.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { CompactSign, generateKeyPair } from 'jose';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpRevocationSource } from '../../functions/adapters/http/crl-source.ts';
import { loadLocalSealKey } from '../../functions/adapters/local/seal-key.ts';
import { ensureSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { createHttpTimestampAuthority } from '../../functions/adapters/tsa/http-tsa.ts';
import type { CertificateType } from '../../functions/core/applications/application.ts';
import { canonicalJson } from '../../functions/core/canonical-json.ts';
import type { Certificate, CertificateContent } from '../../functions/core/certificates/certificate.ts';
import { sealedCertificatePdf } from '../../functions/core/issuance/certificate-pdf.ts';
import type { CertificateTemplate, TemplateManifest } from '../../functions/core/ports.ts';
import { certificateDataFileName } from '../../functions/core/rendering/render-certificate.ts';
import { buildSealClaims, contentHash } from '../../functions/core/sealing/qr-seal.ts';
import { startLocalCrlServer } from '../../functions/local/crl-server.ts';
import { startLocalTsa } from '../../functions/local/tsa.ts';
import { readColourProfile } from '../../templates/colour-profile.ts';
import { readCertificateFonts } from '../../templates/fonts.ts';
import {
  SAMPLE_VERIFICATION_CODE,
  SAMPLE_VERIFY_URL,
  type SampleVariant,
  sampleContent,
} from '../fixtures/sample-certificates.ts';

const run = promisify(execFile);
const TEMPLATES = new URL('../../templates/', import.meta.url);

interface Sample {
  name: string;
  type: CertificateType;
  languages: string[];
  goodsLines: number;
  variant: SampleVariant;
  sealed: boolean;
}

const SAMPLES: Sample[] = [
  { name: 'co mk,en', type: 'co', languages: ['mk', 'en'], goodsLines: 2, variant: 'typical', sealed: false },
  {
    name: 'co mk,en sealed',
    type: 'co',
    languages: ['mk', 'en'],
    goodsLines: 2,
    variant: 'typical',
    sealed: true,
  },
  {
    name: 'co en, 40 lines',
    type: 'co',
    languages: ['en'],
    goodsLines: 40,
    variant: 'typical',
    sealed: true,
  },
  {
    name: 'eur1 sq,en',
    type: 'eur1',
    languages: ['sq', 'en'],
    goodsLines: 3,
    variant: 'scripts',
    sealed: false,
  },
  {
    name: 'eur1 sq,en sealed',
    type: 'eur1',
    languages: ['sq', 'en'],
    goodsLines: 3,
    variant: 'scripts',
    sealed: true,
  },
  {
    name: 'eur1 mk,en, 60 lines',
    type: 'eur1',
    languages: ['mk', 'en'],
    goodsLines: 60,
    variant: 'typical',
    sealed: true,
  },
];

interface Rendered extends Sample {
  pdf: Uint8Array;
  doc: PDFDocument;
  content: CertificateContent;
  path: string;
}

let dir: string;
const rendered: Rendered[] = [];

const certificateOf = (content: CertificateContent, jws: string): Certificate => ({
  code: SAMPLE_VERIFICATION_CODE,
  serial: content.serial,
  issuerId: content.issuer.id,
  orgId: 'org-1',
  applicationId: 'app-1',
  type: content.type,
  status: 'ISSUING',
  issuedAt: content.issuedAt,
  keyId: 'test-key',
  jws,
  content,
});

/**
 * The issued form of a sealed sample: B-LTA, as an issuance makes it (docs/legal.md §4, §5): the local CA with its
 * CRL, a seal certificate naming that CRL, and the local TSA for the signature and the document timestamps.
 */
const startArchiveServices = async (issuer: CertificateContent['issuer']) => {
  const keysDir = join(dir, 'keys');
  const crl = await startLocalCrlServer(keysDir);
  await ensureSealMaterial(keysDir, issuer, new Date(), crl.url);
  const clock = { now: () => new Date() };
  const tsa = await startLocalTsa({ keysDir, issuer, clock, crlUrl: crl.url });
  stops.push(tsa.stop, crl.stop);
  return {
    seal: await loadLocalSealKey(keysDir),
    timestamps: createHttpTimestampAuthority({ url: tsa.url, random: { bytes: randomBytes } }),
    archive: { revocation: createHttpRevocationSource() },
  };
};
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-pdfa-'));
  const [fonts, colourProfile, { privateKey }] = await Promise.all([
    readCertificateFonts(),
    readColourProfile(),
    generateKeyPair('ES256'),
  ]);
  let sealing: Awaited<ReturnType<typeof startArchiveServices>> | undefined;
  for (const [index, sample] of SAMPLES.entries()) {
    const [pdf, manifest] = await Promise.all([
      readFile(new URL(`${sample.type}.pdf`, TEMPLATES)),
      readFile(new URL(`${sample.type}.manifest.json`, TEMPLATES), 'utf8'),
    ]);
    const template: CertificateTemplate = {
      type: sample.type,
      pdf,
      manifest: JSON.parse(manifest) as TemplateManifest,
      languages: sample.languages,
      colourProfile,
    };
    const content = sampleContent(sample.type, { variant: sample.variant, goodsLines: sample.goodsLines });
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))))
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .sign(privateKey);
    if (sample.sealed) sealing ??= await startArchiveServices(content.issuer);
    const { pdf: bytes } = await sealedCertificatePdf({
      template,
      fonts,
      certificate: certificateOf(content, jws),
      verifyUrl: SAMPLE_VERIFY_URL,
      ...(sample.sealed && sealing ? sealing : {}),
      // one run per file: nothing to settle against
      settle: (_part, make) => make(),
    });
    const path = join(dir, `${index}.pdf`);
    await writeFile(path, bytes);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    rendered.push({ ...sample, pdf: bytes, doc, content, path });
  }
});

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await rm(dir, { recursive: true, force: true });
});

const eachSample = (check: (sample: Rendered) => void | Promise<void>) => async () => {
  expect(rendered).toHaveLength(SAMPLES.length);
  for (const sample of rendered) {
    try {
      await check(sample);
    } catch (error) {
      throw new Error(`${sample.name}: ${(error as Error).message}`, { cause: error });
    }
  }
};

const catalogOf = (doc: PDFDocument) => doc.catalog;
const infoOf = (doc: PDFDocument) => doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);

const textOf = (value: PDFObject | undefined): string => {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  throw new Error(`not a text string: ${String(value)}`);
};

const decoded = (stream: PDFObject | undefined): Uint8Array => {
  if (!(stream instanceof PDFRawStream)) throw new Error('not a stream');
  return decodePDFRawStream(stream).decode();
};

/** The XMP packet: its text and each simple property (prefix:name → value). */
const xmpOf = (doc: PDFDocument) => {
  const stream = catalogOf(doc).lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) throw new Error('no Metadata stream');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(stream.getContents());
  const property = (name: string): string | undefined => {
    const match = new RegExp(`<${name}>(?:<rdf:(?:Alt|Seq|Bag)>)?(?:<rdf:li[^>]*>)?([^<]*)<`).exec(text);
    return match?.[1]
      ?.replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  };
  return { stream, text, property };
};

/** A PDF date (D:20261123093000Z or with an offset) as an instant. */
const pdfDate = (value: string): number => {
  const match = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?$/.exec(value);
  if (!match) throw new Error(`not a PDF date: ${value}`);
  const [, year, month, day, hour, minute, second, zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  return Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
};

/** Every dictionary of the file: indirect objects, stream dictionaries and what they hold directly. */
const allDictionaries = (doc: PDFDocument): PDFDict[] => {
  const found: PDFDict[] = [];
  const visit = (value: PDFObject) => {
    if (value instanceof PDFStream) visit(value.dict);
    else if (value instanceof PDFDict) {
      found.push(value);
      for (const [, item] of value.entries()) visit(item);
    } else if (value instanceof PDFArray) for (const item of value.asArray()) visit(item);
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object);
  return found;
};

/** The tokens of a content stream: operators, names, numbers, strings and dictionary brackets. */
const tokensOf = (content: Uint8Array): string[] =>
  Buffer.from(content)
    .toString('latin1')
    .match(
      /<<|>>|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\/[^\s/[\]<>()]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+|\[|\]/g,
    ) ?? [];

const pageContent = (doc: PDFDocument, pageIndex: number): Uint8Array => {
  const contents = doc.getPage(pageIndex).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return Buffer.concat(streams.map((stream) => Buffer.from(decoded(doc.context.lookup(stream)))));
};

interface MarkedText {
  mcid: number | undefined;
  artifact: boolean;
  text: boolean;
}

/** The marked-content sequences of a page in content order: MCID, artifact or neither, and whether text is inside. */
const markedContentOf = (doc: PDFDocument, pageIndex: number) => {
  const tokens = tokensOf(pageContent(doc, pageIndex));
  const sequences: MarkedText[] = [];
  const stack: MarkedText[] = [];
  let textOutside = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === 'BDC' || token === 'BMC') {
      const tag =
        token === 'BMC'
          ? tokens[index - 1]
          : tokens.slice(0, index).lastIndexOf('<<') >= 0
            ? tokens[tokens.slice(0, index).lastIndexOf('<<') - 1]
            : undefined;
      const mcidAt = tokens.lastIndexOf('/MCID', index);
      const mcid = token === 'BDC' && mcidAt > index - 6 ? Number(tokens[mcidAt + 1]) : undefined;
      const sequence = { mcid, artifact: tag === '/Artifact', text: false };
      stack.push(sequence);
      sequences.push(sequence);
    } else if (token === 'EMC') stack.pop();
    else if (token === 'BT') {
      const owner = stack[stack.length - 1];
      if (owner) owner.text = true;
      else textOutside++;
    }
  }
  return { sequences, textOutside, unbalanced: stack.length };
};

const structRoot = (doc: PDFDocument) => catalogOf(doc).lookup(PDFName.of('StructTreeRoot'), PDFDict);

/** The structure elements depth first (reading order), each with its type and its MCIDs per page. */
const structureOf = (doc: PDFDocument) => {
  const elements: { ref: PDFRef; type: string; page: PDFRef | undefined; mcids: number[]; dict: PDFDict }[] =
    [];
  const visit = (ref: PDFObject | undefined, inheritedPage: PDFRef | undefined) => {
    if (!(ref instanceof PDFRef)) throw new Error('a structure element that is not an indirect object');
    const dict = doc.context.lookup(ref, PDFDict);
    const page = (dict.get(PDFName.of('Pg')) as PDFRef | undefined) ?? inheritedPage;
    const kids = dict.get(PDFName.of('K'));
    const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
    const element = { ref, type: String(dict.get(PDFName.of('S'))), page, mcids: [] as number[], dict };
    elements.push(element);
    for (const kid of list) {
      if (kid instanceof PDFNumber) element.mcids.push(kid.asNumber());
      else visit(kid, page);
    }
  };
  visit(structRoot(doc).get(PDFName.of('K')), undefined);
  return elements;
};

describe('every certificate PDF is PDF/A-3b', () => {
  it(
    'starts with a %PDF-1.x header line and a comment of four bytes above 127 (6.1.2)',
    eachSample(({ pdf }) => {
      const head = Buffer.from(pdf.subarray(0, 32)).toString('latin1');
      expect(head).toMatch(/^%PDF-1\.[4-7]\r?\n%[\x80-\xff]{4}/);
    }),
  );

  it(
    'has a trailer /ID of two strings and no /Encrypt (6.1.3)',
    eachSample(({ doc, pdf }) => {
      const id = doc.context.trailerInfo.ID;
      expect(id).toBeInstanceOf(PDFArray);
      expect((id as PDFArray).size()).toBe(2);
      expect(doc.context.trailerInfo.Encrypt).toBeUndefined();
      expect(Buffer.from(pdf).includes('/Encrypt')).toBe(false);
    }),
  );

  it(
    'carries an unfiltered XMP metadata stream that parses, with pdfaid:part 3 and pdfaid:conformance B (6.6.2, 6.6.4)',
    eachSample(({ doc }) => {
      const xmp = xmpOf(doc);
      expect(xmp.stream.dict.get(PDFName.of('Filter'))).toBeUndefined();
      expect(xmp.stream.dict.get(PDFName.of('Type'))).toBe(PDFName.of('Metadata'));
      expect(xmp.stream.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('XML'));
      expect(xmp.text).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
      expect(xmp.text).toMatch(/<\?xpacket end="[rw]"\?>$/);
      // well-formed: every element closes in order
      const open: string[] = [];
      for (const [, closing, name, selfClosing] of xmp.text.matchAll(/<(\/?)([\w:]+)[^>]*?(\/?)>/g)) {
        if (selfClosing) continue;
        if (closing) expect(open.pop()).toBe(name);
        else open.push(name as string);
      }
      expect(open).toEqual([]);
      expect(xmp.property('pdfaid:part')).toBe('3');
      expect(xmp.property('pdfaid:conformance')).toBe('B');
    }),
  );

  it(
    'says in the XMP what the document information says: dates to the second, title, author, subject, keywords, creator and producer (6.6.2.3)',
    eachSample(({ doc }) => {
      const info = infoOf(doc);
      const xmp = xmpOf(doc);
      const entry = (key: string) => textOf(info.get(PDFName.of(key)));
      expect(Date.parse(xmp.property('xmp:CreateDate') ?? '')).toBe(pdfDate(entry('CreationDate')));
      expect(Date.parse(xmp.property('xmp:ModifyDate') ?? '')).toBe(pdfDate(entry('ModDate')));
      expect(xmp.property('dc:title')).toBe(entry('Title'));
      expect(xmp.property('dc:creator')).toBe(entry('Author'));
      expect(xmp.property('dc:description')).toBe(entry('Subject'));
      expect(xmp.property('pdf:Keywords')).toBe(entry('Keywords'));
      expect(xmp.property('xmp:CreatorTool')).toBe(entry('Creator'));
      expect(xmp.property('pdf:Producer')).toBe(entry('Producer'));
    }),
  );

  it(
    'has one GTS_PDFA1 output intent whose ICC profile is an RGB display or printer profile with N 3 (6.2.3)',
    eachSample(({ doc }) => {
      const intents = catalogOf(doc).lookup(PDFName.of('OutputIntents'), PDFArray);
      expect(intents.size()).toBe(1);
      const intent = intents.lookup(0, PDFDict);
      expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
      expect(textOf(intent.get(PDFName.of('OutputConditionIdentifier')))).toBe('sRGB IEC61966-2.1');
      const profile = intent.lookup(PDFName.of('DestOutputProfile'));
      expect(profile).toBeInstanceOf(PDFRawStream);
      expect((profile as PDFRawStream).dict.get(PDFName.of('N'))).toEqual(PDFNumber.of(3));
      const icc = Buffer.from(decoded(profile));
      expect(icc.readUInt32BE(0)).toBe(icc.length);
      expect(['mntr', 'prtr']).toContain(icc.toString('latin1', 12, 16));
      expect(icc.toString('latin1', 16, 20)).toBe('RGB ');
      expect(icc.toString('latin1', 36, 40)).toBe('acsp');
      expect(icc[8]).toBeLessThanOrEqual(4);
    }),
  );

  it(
    'embeds every font as a subset named with a six-letter tag, in the font and its descriptor alike, with no CIDSet (6.2.11)',
    eachSample(({ doc }) => {
      const fonts = allDictionaries(doc).filter(
        (dict) => dict.get(PDFName.of('Type')) === PDFName.of('Font'),
      );
      expect(fonts.length).toBeGreaterThanOrEqual(4);
      for (const font of fonts) {
        const baseFont = String(font.get(PDFName.of('BaseFont')));
        expect(baseFont).toMatch(/^\/[A-Z]{6}\+DejaVuSans(-Bold)?$/);
        if (font.get(PDFName.of('Subtype')) === PDFName.of('Type0')) continue;
        const descriptor = font.lookup(PDFName.of('FontDescriptor'), PDFDict);
        expect(String(descriptor.get(PDFName.of('FontName')))).toBe(baseFont);
        expect(descriptor.lookup(PDFName.of('FontFile2'))).toBeInstanceOf(PDFRawStream);
        expect(descriptor.get(PDFName.of('CIDSet'))).toBeUndefined();
        expect(font.get(PDFName.of('CIDToGIDMap'))).toBe(PDFName.of('Identity'));
      }
    }),
  );

  it(
    'gives every glyph in /W the width its embedded font program gives it (6.2.11.5)',
    eachSample(({ doc }) => {
      const cidFonts = allDictionaries(doc).filter(
        (dict) => dict.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType2'),
      );
      expect(cidFonts).toHaveLength(2);
      for (const cidFont of cidFonts) {
        const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
        const program = fontkit.create(decoded(descriptor.lookup(PDFName.of('FontFile2'))));
        const widths = cidFont.lookup(PDFName.of('W'), PDFArray).asArray();
        let checked = 0;
        for (let index = 0; index < widths.length; index += 2) {
          const first = (widths[index] as PDFNumber).asNumber();
          doc.context
            .lookup(widths[index + 1], PDFArray)
            .asArray()
            .forEach((width, offset) => {
              // CIDToGIDMap Identity: the CID is the glyph's index in the subset
              const glyph = program.getGlyph(first + offset);
              expect((glyph.advanceWidth * 1000) / program.unitsPerEm).toBeCloseTo(
                (width as PDFNumber).asNumber(),
                3,
              );
              checked++;
            });
        }
        expect(checked).toBeGreaterThan(20);
      }
    }),
  );

  it(
    'shows in pdffonts every font embedded, subset and with a Unicode map (emb sub uni: yes yes yes)',
    eachSample(async ({ path }) => {
      const { stdout } = await run('pdffonts', [path]);
      const rows = stdout.split('\n').slice(2).filter(Boolean);
      expect(rows).toHaveLength(2);
      for (const row of rows)
        expect(row).toMatch(/^[A-Z]{6}\+DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes yes yes\s/);
    }),
  );

  it(
    'contains no JavaScript, no additional actions and no actions that launch or submit (6.5, 6.6.1)',
    eachSample(({ doc }) => {
      const forbidden = ['JS', 'JavaScript', 'AA', 'OpenAction'].map((key) => PDFName.of(key));
      for (const dict of allDictionaries(doc)) {
        for (const key of forbidden) expect(dict.has(key), String(key)).toBe(false);
        const action = dict.get(PDFName.of('S'));
        for (const kind of [
          'JavaScript',
          'Launch',
          'SubmitForm',
          'ImportData',
          'ResetForm',
          'Sound',
          'Movie',
        ])
          expect(action).not.toBe(PDFName.of(kind));
      }
    }),
  );

  it(
    'paints only in device RGB or gray (meant in the sRGB output intent), never in CMYK or another colour space (6.2.4.3)',
    eachSample(({ doc }) => {
      const templates = allDictionaries(doc).filter(
        (dict) => dict.get(PDFName.of('Subtype')) === PDFName.of('Form'),
      );
      expect(templates.length).toBeGreaterThan(0);
      const streams = [
        ...doc.getPages().map((_, index) => pageContent(doc, index)),
        ...doc.context
          .enumerateIndirectObjects()
          .map(([, object]) => object)
          .filter(
            (object): object is PDFRawStream =>
              object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Form'),
          )
          .map(decoded),
      ];
      for (const stream of streams) {
        const operators = new Set(tokensOf(stream));
        for (const operator of ['k', 'K', 'cs', 'CS', 'sc', 'SC', 'scn', 'SCN', 'sh', 'BI'])
          expect(operators.has(operator), operator).toBe(false);
      }
      for (const dict of allDictionaries(doc)) {
        if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
        expect([PDFName.of('DeviceRGB'), PDFName.of('DeviceGray')]).toContain(
          dict.get(PDFName.of('ColorSpace')),
        );
        expect(dict.get(PDFName.of('Interpolate'))).toBeUndefined();
      }
    }),
  );

  it(
    'prints every annotation (the seal’s and the document timestamp’s signature fields): the Print flag set, Hidden and NoView not (6.3.2)',
    eachSample(({ doc, sealed }) => {
      const annotations = doc
        .getPages()
        .flatMap((page) => page.node.Annots()?.asArray() ?? [])
        .map((ref) => doc.context.lookup(ref, PDFDict));
      expect(annotations.length).toBe(sealed ? 2 : 0);
      for (const annotation of annotations) {
        const flags = annotation.lookup(PDFName.of('F'), PDFNumber).asNumber();
        expect(flags & 4).toBe(4);
        expect(flags & (2 | 32)).toBe(0);
      }
    }),
  );

  it(
    'embeds the certificate’s data as an associated file: in EmbeddedFiles and the catalog’s /AF, AFRelationship Data, application/json, with size, date, F, UF and Desc (6.8)',
    eachSample(({ doc, content }) => {
      const names = catalogOf(doc)
        .lookup(PDFName.of('Names'), PDFDict)
        .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
        .lookup(PDFName.of('Names'), PDFArray);
      expect(names.size()).toBe(2);
      const fileName = certificateDataFileName(content.serial);
      expect(textOf(names.get(0))).toBe(fileName);
      const specRef = names.get(1);
      const associated = catalogOf(doc).lookup(PDFName.of('AF'), PDFArray).asArray();
      expect(associated).toContain(specRef);
      const spec = doc.context.lookup(specRef, PDFDict);
      expect(spec.get(PDFName.of('Type'))).toBe(PDFName.of('Filespec'));
      expect(spec.get(PDFName.of('AFRelationship'))).toBe(PDFName.of('Data'));
      expect(textOf(spec.get(PDFName.of('F')))).toBe(fileName);
      expect(textOf(spec.get(PDFName.of('UF')))).toBe(fileName);
      expect(textOf(spec.get(PDFName.of('Desc')))).toContain(content.serial);
      const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
      if (!(file instanceof PDFRawStream)) throw new Error('no embedded file stream');
      expect(file.dict.get(PDFName.of('Type'))).toBe(PDFName.of('EmbeddedFile'));
      expect(file.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('application/json'));
      const bytes = decoded(file);
      const params = file.dict.lookup(PDFName.of('Params'), PDFDict);
      expect(params.lookup(PDFName.of('Size'), PDFNumber).asNumber()).toBe(bytes.length);
      expect(pdfDate(textOf(params.get(PDFName.of('ModDate'))))).toBe(Date.parse(content.issuedAt));
      // the very bytes whose SHA-256 the QR seal signs
      const json = new TextDecoder().decode(bytes);
      expect(json).toBe(canonicalJson(content));
      expect(createHash('sha256').update(bytes).digest('base64url')).toBe(contentHash(content));
    }),
  );
});

describe('every certificate PDF is tagged', () => {
  it(
    'is marked (/MarkInfo Marked true), names its language (/Lang, the first print language) and shows its title',
    eachSample(({ doc, languages }) => {
      const catalog = catalogOf(doc);
      expect(catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))).toEqual(
        doc.context.obj(true),
      );
      expect(textOf(catalog.get(PDFName.of('Lang')))).toBe(languages[0]);
      expect(
        catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict).get(PDFName.of('DisplayDocTitle')),
      ).toEqual(doc.context.obj(true));
    }),
  );

  it(
    'has a structure tree under a Document element, a ParentTree, and StructParents and /Tabs /S on every page',
    eachSample(({ doc }) => {
      const root = structRoot(doc);
      expect(root.get(PDFName.of('Type'))).toBe(PDFName.of('StructTreeRoot'));
      const [document] = structureOf(doc);
      expect(document?.type).toBe('/Document');
      const nums = root.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
      expect(nums.size()).toBe(2 * doc.getPageCount());
      doc.getPages().forEach((page, index) => {
        expect(page.node.get(PDFName.of('StructParents'))).toEqual(PDFNumber.of(index));
        expect(page.node.get(PDFName.of('Tabs'))).toBe(PDFName.of('S'));
        expect(nums.get(2 * index)).toEqual(PDFNumber.of(index));
      });
      expect(root.lookup(PDFName.of('ParentTreeNextKey'), PDFNumber).asNumber()).toBe(doc.getPageCount());
    }),
  );

  it(
    'gives every MCID on a page to exactly one structure element, the one the ParentTree names for it, in reading order',
    eachSample(({ doc }) => {
      const elements = structureOf(doc);
      const nums = structRoot(doc)
        .lookup(PDFName.of('ParentTree'), PDFDict)
        .lookup(PDFName.of('Nums'), PDFArray);
      doc.getPages().forEach((page, index) => {
        const { sequences, unbalanced } = markedContentOf(doc, index);
        expect(unbalanced).toBe(0);
        const inContent = sequences.flatMap((sequence) =>
          sequence.mcid === undefined ? [] : [sequence.mcid],
        );
        expect(inContent).toEqual(inContent.map((_, position) => position));
        const onPage = elements.filter((element) => element.page === page.ref);
        // depth first, the tree reads the marked content in the order it is drawn
        expect(onPage.flatMap((element) => element.mcids)).toEqual(inContent);
        const owners = nums.lookup(2 * index + 1, PDFArray).asArray();
        expect(owners).toHaveLength(inContent.length);
        for (const mcid of inContent) {
          const owner = onPage.filter((element) => element.mcids.includes(mcid));
          expect(owner).toHaveLength(1);
          expect(owners[mcid]).toBe(owner[0]?.ref);
        }
      });
    }),
  );

  it(
    'writes no text outside marked content, and marks what only draws (the form, rules, page footer) as artifacts',
    eachSample(({ doc }) => {
      doc.getPages().forEach((_, index) => {
        const { sequences, textOutside } = markedContentOf(doc, index);
        expect(textOutside).toBe(0);
        expect(sequences.filter((sequence) => sequence.artifact).length).toBeGreaterThanOrEqual(2);
        expect(
          sequences.filter((sequence) => sequence.mcid !== undefined && sequence.text).length,
        ).toBeGreaterThan(20);
      });
    }),
  );

  it(
    'has a title heading first, box headings, a goods table with header cells per column and rows of data cells, and the QR as a Figure with alternative text',
    eachSample(({ doc, type, goodsLines }) => {
      const elements = structureOf(doc);
      const types = elements.map((element) => element.type);
      expect(types[1]).toBe('/H1');
      expect(types.filter((name) => name === '/H2').length).toBeGreaterThanOrEqual(6 * doc.getPageCount());
      const tables = elements.filter((element) => element.type === '/Table');
      expect(tables).toHaveLength(doc.getPageCount());
      const columns = type === 'co' ? 6 : 4;
      const rows = elements.filter((element) => element.type === '/TR');
      expect(elements.filter((element) => element.type === '/TH')).toHaveLength(columns * doc.getPageCount());
      // a header row per sheet, a row per goods line and the totals (a line split across sheets counts twice)
      expect(rows.length).toBeGreaterThanOrEqual(doc.getPageCount() + goodsLines + 1);
      expect(elements.filter((element) => element.type === '/TD').length).toBe(
        (rows.length - doc.getPageCount()) * columns,
      );
      const figures = elements.filter((element) => element.type === '/Figure');
      expect(figures).toHaveLength(doc.getPageCount());
      for (const figure of figures) {
        expect(textOf(figure.dict.get(PDFName.of('Alt')))).toContain(SAMPLE_VERIFY_URL);
        expect(figure.mcids).toHaveLength(1);
      }
    }),
  );

  it(
    'reads, with pdftotext in content order, the title first, then the boxes in the form’s order with the goods in their rows',
    eachSample(async ({ path, type, content }) => {
      const { stdout } = await run('pdftotext', ['-raw', '-l', '1', path, '-'], {
        maxBuffer: 16 * 1024 * 1024,
      });
      const text = stdout.replace(/\s+/g, ' ');
      const [firstLine] = stdout.split('\n');
      expect(firstLine).toMatch(type === 'co' ? /CERTIFI|УВЕРЕНИЕ/ : /CERTIFIKATË|CERTIFICATE|УВЕРЕНИЕ/);
      const firstGoods = content.data.goods[0];
      const expected = [
        content.exporter.name.split(/\s+/)[0],
        content.serial,
        (content.data as { consignee?: { name: string } }).consignee?.name.split(/\s+/)[0],
        firstGoods?.description.split(/\s+/)[0],
        '7K3M-9Q2X-W4HR-T8VB',
      ].filter((word): word is string => Boolean(word));
      let from = 0;
      for (const word of expected) {
        const at = text.indexOf(word, from);
        expect(at, `"${word}" after position ${from}`).toBeGreaterThanOrEqual(from);
        from = at + word.length;
      }
    }),
  );
  it(
    'reads, with poppler’s structure-tree reader (pdfinfo -struct-text), the same order, the title as H1 and wrapped lines apart',
    eachSample(async ({ path, content, doc }) => {
      // poppler extracts each element's text by running the whole page again: one-sheet files only
      if (doc.getPageCount() > 1) return;
      const { stdout } = await run('pdfinfo', ['-struct-text', path], { maxBuffer: 16 * 1024 * 1024 });
      const lines = stdout.split('\n');
      expect(lines[0]).toBe('Document');
      expect(lines[1]?.trim()).toBe('H1 (block)');
      const texts = lines.flatMap((line) => /^\s*"(.*)"$/.exec(line)?.[1] ?? []);
      const exporter = texts.find((text) => text.startsWith(content.exporter.name));
      // the exporter's box prints the name on its own line, then the address: read apart, not run together
      expect(exporter).toMatch(
        new RegExp(`^${content.exporter.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\S`),
      );
      const joined = texts.join(' ');
      let from = 0;
      for (const word of [content.exporter.name, content.serial, '7K3M-9Q2X-W4HR-T8VB']) {
        const at = joined.indexOf(word, from);
        expect(at, word).toBeGreaterThanOrEqual(from);
        from = at + word.length;
      }
    }),
  );
});

describe('independent tools find nothing wrong', () => {
  it(
    'qpdf --check reports no errors or warnings',
    eachSample(async ({ path }) => {
      const { stdout, stderr } = await run('qpdf', ['--check', path]);
      expect(stderr).toBe('');
      expect(stdout).toContain('No syntax or stream encoding errors found');
      expect(stdout).not.toMatch(/WARNING/);
    }),
  );

  it(
    'pdfdetach lists the certificate’s data file and saves the very bytes the seal hashes',
    eachSample(async ({ path, content }) => {
      const { stdout } = await run('pdfdetach', ['-list', path]);
      expect(stdout).toContain(`1: ${certificateDataFileName(content.serial)}`);
      const saved = `${path}.json`;
      await run('pdfdetach', ['-save', '1', '-o', saved, path]);
      expect(await readFile(saved, 'utf8')).toBe(canonicalJson(content));
    }),
  );

  it(
    'mutool clean -s, mutool info and mutool show print no warnings',
    eachSample(async ({ path }) => {
      const cleaned = `${path}.clean.pdf`;
      const clean = await run('mutool', ['clean', '-s', path, cleaned]);
      expect(clean.stderr).toBe('');
      const info = await run('mutool', ['info', path]);
      expect(info.stderr).toBe('');
      expect(info.stdout).toMatch(/Pages: \d+/);
      const trailer = await run('mutool', ['show', path, 'trailer']);
      expect(trailer.stderr).toBe('');
      expect(trailer.stdout).toContain('/ID');
      const catalog = await run('mutool', ['show', path, 'Root']);
      expect(catalog.stderr).toBe('');
      expect(catalog.stdout).toMatch(/\/StructTreeRoot/);
      expect(catalog.stdout).toMatch(/\/OutputIntents/);
    }),
  );
});
