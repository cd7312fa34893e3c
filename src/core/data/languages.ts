import { UserError } from '../errors';
import type { Language } from './corpus';

/**
 * Canonical language codes. One code per language, BCP-47-like: the ISO 639-1 code when one
 * exists, else the ISO 639-3 code, plus `-Script` only when the script is not the language's
 * usual one (`eng_Latn`→`en`, `zho_Hant`→`zh-Hant`, `ace_Arab`→`ace-Arab`).
 *
 * Individual languages map to their macrolanguage's 639-1 code where CLDR's language aliases do
 * (`arb`→`ar`, `cmn`→`zh`, `zsm`→`ms`, `pes`→`fa`, `knc`→`kr`), except where that would merge
 * two FLORES-200 varieties or need a region: `ajp`, `apc`, `twi`(→`tw`), `prs` stay distinct.
 * Usual scripts follow CLDR likely subtags, except `crh` (Latn, as FLORES writes it) and
 * `ko` (Hang).
 *
 * Table rows: `<639-3> <canonical> <usual script> <English name>`; the first row of a canonical
 * code gives its name. Covers the 205 SIB-200/FLORES-200 varieties, the 112 Tatoeba codes and the
 * XQuAD languages, plus a few common codes.
 */
const TABLE = `
ace ace Latn Acehnese
acm acm Arab Mesopotamian Arabic
acq acq Arab Ta'izzi-Adeni Arabic
aeb aeb Arab Tunisian Arabic
afr af Latn Afrikaans
ajp ajp Arab South Levantine Arabic
aka ak Latn Akan
als sq Latn Albanian
amh am Ethi Amharic
ang ang Latn Old English
apc apc Arab North Levantine Arabic
ara ar Arab Arabic
arb ar Arab Arabic
arq arq Arab Algerian Arabic
ars ars Arab Najdi Arabic
ary ary Arab Moroccan Arabic
arz arz Arab Egyptian Arabic
asm as Beng Assamese
ast ast Latn Asturian
awa awa Deva Awadhi
ayr ay Latn Aymara
azb azb Arab South Azerbaijani
aze az Latn Azerbaijani
azj az Latn Azerbaijani
bak ba Cyrl Bashkir
bam bm Latn Bambara
ban ban Latn Balinese
bel be Cyrl Belarusian
bem bem Latn Bemba
ben bn Beng Bengali
ber ber Latn Berber
bho bho Deva Bhojpuri
bjn bjn Latn Banjar
bod bo Tibt Tibetan
bos bs Latn Bosnian
bre br Latn Breton
bug bug Latn Buginese
bul bg Cyrl Bulgarian
cat ca Latn Catalan
cbk cbk Latn Chavacano
ceb ceb Latn Cebuano
ces cs Latn Czech
cha ch Latn Chamorro
cjk cjk Latn Chokwe
ckb ckb Arab Central Kurdish
cmn zh Hans Chinese
cor kw Latn Cornish
crh crh Latn Crimean Tatar
csb csb Latn Kashubian
cym cy Latn Welsh
dan da Latn Danish
deu de Latn German
dik dik Latn Southwestern Dinka
dsb dsb Latn Lower Sorbian
dtp dtp Latn Central Dusun
dyu dyu Latn Dyula
dzo dz Tibt Dzongkha
ell el Grek Greek
eng en Latn English
epo eo Latn Esperanto
est et Latn Estonian
eus eu Latn Basque
ewe ee Latn Ewe
fao fo Latn Faroese
fij fj Latn Fijian
fil fil Latn Filipino
fin fi Latn Finnish
fon fon Latn Fon
fra fr Latn French
fry fy Latn Western Frisian
ful ff Latn Fula
fur fur Latn Friulian
fuv fuv Latn Nigerian Fulfulde
gaz om Latn Oromo
gla gd Latn Scottish Gaelic
gle ga Latn Irish
glg gl Latn Galician
grn gn Latn Guarani
gsw gsw Latn Swiss German
guj gu Gujr Gujarati
hat ht Latn Haitian Creole
hau ha Latn Hausa
heb he Hebr Hebrew
hin hi Deva Hindi
hne hne Deva Chhattisgarhi
hrv hr Latn Croatian
hsb hsb Latn Upper Sorbian
hun hu Latn Hungarian
hye hy Armn Armenian
ibo ig Latn Igbo
ido io Latn Ido
ile ie Latn Interlingue
ilo ilo Latn Iloko
ina ia Latn Interlingua
ind id Latn Indonesian
isl is Latn Icelandic
ita it Latn Italian
jav jv Latn Javanese
jpn ja Jpan Japanese
kab kab Latn Kabyle
kac kac Latn Kachin
kam kam Latn Kamba
kan kn Knda Kannada
kas ks Arab Kashmiri
kat ka Geor Georgian
kaz kk Cyrl Kazakh
kbp kbp Latn Kabiye
kea kea Latn Kabuverdianu
khk mn Cyrl Mongolian
khm km Khmr Khmer
kik ki Latn Kikuyu
kin rw Latn Kinyarwanda
kir ky Cyrl Kyrgyz
kmb kmb Latn Kimbundu
kmr ku Latn Kurdish
knc kr Latn Kanuri
kon kg Latn Kongo
kor ko Hang Korean
kur ku Latn Kurdish
kzj kzj Latn Coastal Kadazan
lao lo Laoo Lao
lat la Latn Latin
lfn lfn Latn Lingua Franca Nova
lij lij Latn Ligurian
lim li Latn Limburgish
lin ln Latn Lingala
lit lt Latn Lithuanian
lmo lmo Latn Lombard
ltg ltg Latn Latgalian
ltz lb Latn Luxembourgish
lua lua Latn Luba-Lulua
lug lg Latn Ganda
luo luo Latn Luo
lus lus Latn Mizo
lvs lv Latn Latvian
mag mag Deva Magahi
mai mai Deva Maithili
mal ml Mlym Malayalam
mar mr Deva Marathi
max max Latn North Moluccan Malay
mhr mhr Cyrl Eastern Mari
min min Latn Minangkabau
mkd mk Cyrl Macedonian
mlt mt Latn Maltese
mni mni Beng Manipuri
mon mn Cyrl Mongolian
mos mos Latn Mossi
mri mi Latn Maori
mya my Mymr Burmese
nds nds Latn Low German
nld nl Latn Dutch
nno nn Latn Norwegian Nynorsk
nob nb Latn Norwegian Bokmal
nor no Latn Norwegian
nov nov Latn Novial
npi ne Deva Nepali
nqo nqo Nkoo N'Ko
nso nso Latn Northern Sotho
nus nus Latn Nuer
nya ny Latn Nyanja
oci oc Latn Occitan
orv orv Cyrl Old East Slavic
ory or Orya Odia
pag pag Latn Pangasinan
pam pam Latn Pampanga
pan pa Guru Punjabi
pap pap Latn Papiamento
pbt pbt Arab Southern Pashto
pes fa Arab Persian
plt mg Latn Malagasy
pms pms Latn Piedmontese
pol pl Latn Polish
por pt Latn Portuguese
prs prs Arab Dari
pus ps Arab Pashto
que qu Latn Quechua
quy quy Latn Ayacucho Quechua
ron ro Latn Romanian
run rn Latn Rundi
rus ru Cyrl Russian
sag sg Latn Sango
san sa Deva Sanskrit
sat sat Olck Santali
scn scn Latn Sicilian
shn shn Mymr Shan
sin si Sinh Sinhala
slk sk Latn Slovak
slv sl Latn Slovenian
smo sm Latn Samoan
sna sn Latn Shona
snd sd Arab Sindhi
som so Latn Somali
sot st Latn Southern Sotho
spa es Latn Spanish
sqi sq Latn Albanian
srd sc Latn Sardinian
srp sr Cyrl Serbian
ssw ss Latn Swati
sun su Latn Sundanese
swe sv Latn Swedish
swg swg Latn Swabian
swh sw Latn Swahili
szl szl Latn Silesian
tam ta Taml Tamil
taq taq Latn Tamasheq
tat tt Cyrl Tatar
tel te Telu Telugu
tgk tg Cyrl Tajik
tgl tl Latn Tagalog
tha th Thai Thai
tir ti Ethi Tigrinya
tpi tpi Latn Tok Pisin
tsn tn Latn Tswana
tso ts Latn Tsonga
tuk tk Latn Turkmen
tum tum Latn Tumbuka
tur tr Latn Turkish
twi tw Latn Twi
tzl tzl Latn Talossan
tzm tzm Latn Central Atlas Tamazight
uig ug Arab Uyghur
ukr uk Cyrl Ukrainian
umb umb Latn Umbundu
urd ur Arab Urdu
uzb uz Latn Uzbek
uzn uz Latn Uzbek
vec vec Latn Venetian
vie vi Latn Vietnamese
war war Latn Waray
wol wo Latn Wolof
wuu wuu Hans Wu Chinese
xho xh Latn Xhosa
ydd yi Hebr Yiddish
yid yi Hebr Yiddish
yor yo Latn Yoruba
yue yue Hant Cantonese
zho zh Hans Chinese
zsm ms Latn Malay
zul zu Latn Zulu
`;

/** Other spellings of codes above: ISO 639-2/B, macrolanguage and deprecated codes. */
const ALIASES: Record<string, string> = {
  alb: 'sq', arm: 'hy', baq: 'eu', bur: 'my', chi: 'zh', cze: 'cs', dut: 'nl', fre: 'fr',
  geo: 'ka', ger: 'de', gre: 'el', ice: 'is', mac: 'mk', mao: 'mi', may: 'ms', per: 'fa',
  rum: 'ro', slo: 'sk', tib: 'bo', wel: 'cy', fas: 'fa', msa: 'ms', swa: 'sw', lav: 'lv',
  nep: 'ne', mlg: 'mg', orm: 'om', aym: 'ay', kau: 'kr', ori: 'or', iw: 'he', in: 'id', ji: 'yi',
};

const SCRIPT_NAMES: Record<string, string> = {
  Arab: 'Arabic', Latn: 'Latin', Cyrl: 'Cyrillic', Deva: 'Devanagari', Tfng: 'Tifinagh',
  Beng: 'Bengali', Hebr: 'Hebrew', Grek: 'Greek', Ethi: 'Ethiopic', Mymr: 'Myanmar',
  Olck: 'Ol Chiki', Nkoo: "N'Ko", Tibt: 'Tibetan', Jpan: 'Japanese', Hang: 'Hangul',
  Kore: 'Korean', Thai: 'Thai', Geor: 'Georgian', Armn: 'Armenian',
};

interface LangInfo {
  code: string;
  /** ISO 639-3 code of the first table row of the language (`deu`, `cmn` for zh, `ara` for ar). */
  iso3: string;
  script: string;
  name: string;
}

/** Lower-case base code (639-1, 639-3 or alias) → info of its canonical language. */
const BY_BASE = new Map<string, LangInfo>();
for (const row of TABLE.trim().split('\n')) {
  const [iso3, code, script, ...name] = row.split(' ');
  const info = BY_BASE.get(code) ?? { code, iso3, script, name: name.join(' ') };
  BY_BASE.set(code, info);
  BY_BASE.set(iso3, info);
}
for (const [alias, code] of Object.entries(ALIASES)) BY_BASE.set(alias, BY_BASE.get(code) as LangInfo);

const CODE_RE = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$/;

interface Parsed {
  info: LangInfo;
  script?: string;
  region?: string;
}

function parse(code: string): Parsed | undefined {
  const m = CODE_RE.exec(code.trim());
  if (!m) return undefined;
  const info = BY_BASE.get(m[1].toLowerCase());
  if (!info) return undefined;
  const script = m[2] ? m[2][0].toUpperCase() + m[2].slice(1).toLowerCase() : undefined;
  return { info, script, region: m[3]?.toUpperCase() };
}

/** Canonical code, or undefined when `code` is not a language code we know. */
export function tryCanonicalLang(code: string): string | undefined {
  const p = parse(code);
  if (!p) return undefined;
  let out = p.info.code;
  if (p.script && p.script !== p.info.script) out += `-${p.script}`;
  if (p.region) out += `-${p.region}`;
  return out;
}

/** Canonical code of `code` (`eng_Latn`, `deu`, `de`, `zh-Hant`...); UserError if unknown. */
export function canonicalLang(code: string): string {
  const c = tryCanonicalLang(code);
  if (c === undefined) {
    throw new UserError(`unknown language code '${code}'`, {
      hint: 'use an ISO 639-1/639-3 code, optionally with a script, e.g. de, deu, deu_Latn, zh-Hant',
    });
  }
  return c;
}

/** `de` → `deu-Latn`, `zh-Hant` → `cmn-Hant`: the ISO 639-3 + script form MTEB results use; the code itself when unknown. */
export function iso3WithScript(code: string): string {
  const p = parse(code);
  return p ? `${p.info.iso3}-${p.script ?? p.info.script}` : code;
}

/** English display name (`zh-Hant` → "Chinese (Traditional)"); the code itself when unknown. */
export function languageName(code: string): string {
  const p = parse(code);
  if (!p) return code;
  let name = p.info.name;
  if (p.script && p.script !== p.info.script) {
    const s = p.script === 'Hant' ? 'Traditional' : p.script === 'Hans' ? 'Simplified' : `${SCRIPT_NAMES[p.script] ?? p.script} script`;
    name += ` (${s})`;
  }
  if (p.region) name += ` [${p.region}]`;
  return name;
}

/** The script of `code`: its explicit script subtag, else the language's usual one (FLORES table); undefined when unknown. */
export function languageScript(code: string): string | undefined {
  const p = parse(code);
  return p ? (p.script ?? p.info.script) : undefined;
}

/** `"de, zh,eng_Latn"` → `['de', 'zh', 'en']` (canonical, de-duplicated, in order). */
export function parseLangList(list: string): string[] {
  const codes = list.split(/[\s,]+/).filter((s) => s.length > 0);
  if (codes.length === 0) throw new UserError('empty language list');
  return [...new Set(codes.map(canonicalLang))];
}

/**
 * The languages of one corpus. Two different spellings that mean the same language
 * (`deu` and `de`) are an error: their texts would be merged silently otherwise.
 */
export class LanguageSet {
  private readonly byCode = new Map<string, Language>();

  /** Canonical code of `label`; throws a UserError (at `where`) for unknown or clashing codes. */
  add(label: string, where: { file?: string; line?: number } = {}): string {
    const code = tryCanonicalLang(label);
    if (code === undefined) throw new UserError(`unknown language code '${label}'`, where);
    const seen = this.byCode.get(code);
    if (seen && seen.label !== label) {
      throw new UserError(`'${seen.label}' and '${label}' are both ${languageName(code)} (${code}); use one spelling`, where);
    }
    if (!seen) this.byCode.set(code, { code, label });
    return code;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  list(): Language[] {
    return [...this.byCode.values()];
  }
}
