import * as assert from 'node:assert/strict';
import { LanguageSet, canonicalLang, languageName, parseLangList, tryCanonicalLang } from '../../../src/core/data/languages';
import { rejectsWith } from './helpers';

/** The 205 SIB-200 folder names and the 112 Tatoeba (LASER) codes: names only, no data. */
const SIB = `ace_Arab ace_Latn acm_Arab acq_Arab aeb_Arab afr_Latn ajp_Arab aka_Latn als_Latn amh_Ethi apc_Arab arb_Arab arb_Latn ars_Arab ary_Arab arz_Arab asm_Beng ast_Latn awa_Deva ayr_Latn azb_Arab azj_Latn bak_Cyrl bam_Latn ban_Latn bel_Cyrl bem_Latn ben_Beng bho_Deva bjn_Arab bjn_Latn bod_Tibt bos_Latn bug_Latn bul_Cyrl cat_Latn ceb_Latn ces_Latn cjk_Latn ckb_Arab crh_Latn cym_Latn dan_Latn deu_Latn dik_Latn dyu_Latn dzo_Tibt ell_Grek eng_Latn epo_Latn est_Latn eus_Latn ewe_Latn fao_Latn fij_Latn fin_Latn fon_Latn fra_Latn fur_Latn fuv_Latn gaz_Latn gla_Latn gle_Latn glg_Latn grn_Latn guj_Gujr hat_Latn hau_Latn heb_Hebr hin_Deva hne_Deva hrv_Latn hun_Latn hye_Armn ibo_Latn ilo_Latn ind_Latn isl_Latn ita_Latn jav_Latn jpn_Jpan kab_Latn kac_Latn kam_Latn kan_Knda kas_Arab kas_Deva kat_Geor kaz_Cyrl kbp_Latn kea_Latn khk_Cyrl khm_Khmr kik_Latn kin_Latn kir_Cyrl kmb_Latn kmr_Latn knc_Arab knc_Latn kon_Latn kor_Hang lao_Laoo lij_Latn lim_Latn lin_Latn lit_Latn lmo_Latn ltg_Latn ltz_Latn lua_Latn lug_Latn luo_Latn lus_Latn lvs_Latn mag_Deva mai_Deva mal_Mlym mar_Deva min_Arab min_Latn mkd_Cyrl mlt_Latn mni_Beng mos_Latn mri_Latn mya_Mymr nld_Latn nno_Latn nob_Latn npi_Deva nqo_Nkoo nso_Latn nus_Latn nya_Latn oci_Latn ory_Orya pag_Latn pan_Guru pap_Latn pbt_Arab pes_Arab plt_Latn pol_Latn por_Latn prs_Arab quy_Latn ron_Latn run_Latn rus_Cyrl sag_Latn san_Deva sat_Olck scn_Latn shn_Mymr sin_Sinh slk_Latn slv_Latn smo_Latn sna_Latn snd_Arab som_Latn sot_Latn spa_Latn srd_Latn srp_Cyrl ssw_Latn sun_Latn swe_Latn swh_Latn szl_Latn tam_Taml taq_Latn taq_Tfng tat_Cyrl tel_Telu tgk_Cyrl tgl_Latn tha_Thai tir_Ethi tpi_Latn tsn_Latn tso_Latn tuk_Latn tum_Latn tur_Latn twi_Latn tzm_Tfng uig_Arab ukr_Cyrl umb_Latn urd_Arab uzn_Latn vec_Latn vie_Latn war_Latn wol_Latn xho_Latn ydd_Hebr yor_Latn yue_Hant zho_Hans zho_Hant zsm_Latn zul_Latn`.split(' ');
const TATOEBA = `afr amh ang ara arq arz ast awa aze bel ben ber bos bre bul cat cbk ceb ces cha cmn cor csb cym dan deu dsb dtp ell epo est eus fao fin fra fry gla gle glg gsw heb hin hrv hsb hun hye ido ile ina ind isl ita jav jpn kab kat kaz khm kor kur kzj lat lfn lit lvs mal mar max mhr mkd mon nds nld nno nob nov oci orv pam pes pms pol por ron rus slk slv spa sqi srp swe swg swh tam tat tel tgl tha tuk tur tzl uig ukr urd uzb vie war wuu xho yid yue zsm`.split(' ');
const XQUAD = 'ar de el en es hi ro ru th tr vi zh'.split(' ');

describe('languages', () => {
  it('maps the examples of the issue', () => {
    const cases: Record<string, string> = {
      eng_Latn: 'en', eng: 'en', deu: 'de', zho_Hans: 'zh', zho_Hant: 'zh-Hant', arb_Arab: 'ar', ary_Arab: 'ary',
      ace_Latn: 'ace', ace_Arab: 'ace-Arab', arb_Latn: 'ar-Latn', cmn: 'zh', yue_Hant: 'yue', kas_Deva: 'ks-Deva',
      tzm_Tfng: 'tzm-Tfng', kor_Hang: 'ko', 'zh-Hant': 'zh-Hant', 'zh-Hans': 'zh', 'de-DE': 'de-DE', DE: 'de', 'ENG_LATN': 'en',
      ger: 'de', twi_Latn: 'tw', aka_Latn: 'ak', ajp_Arab: 'ajp', apc_Arab: 'apc', prs_Arab: 'prs', pes_Arab: 'fa', kzj: 'kzj', dtp: 'dtp',
    };
    for (const [code, want] of Object.entries(cases)) assert.equal(canonicalLang(code), want, code);
  });

  it('covers all 205 SIB-200 folders with distinct canonical codes', () => {
    assert.equal(SIB.length, 205);
    const codes = SIB.map(canonicalLang);
    assert.equal(new Set(codes).size, 205, 'two SIB varieties share a canonical code');
    const set = new LanguageSet();
    for (const c of SIB) set.add(c);
    assert.equal(set.list().length, 205);
    assert.deepEqual(set.list().map((l) => l.label), SIB, 'labels keep the user spelling');
  });

  it('covers all 112 Tatoeba codes (distinct, plus English) and the 12 XQuAD codes', () => {
    assert.equal(TATOEBA.length, 112);
    const codes = TATOEBA.map(canonicalLang);
    assert.equal(new Set(codes).size, 112);
    assert.ok(!codes.includes('en'));
    assert.deepEqual(XQUAD.map(canonicalLang), XQUAD);
  });

  it('names languages in English', () => {
    assert.equal(languageName('deu_Latn'), 'German');
    assert.equal(languageName('zh-Hant'), 'Chinese (Traditional)');
    assert.equal(languageName('ace_Arab'), 'Acehnese (Arabic script)');
    assert.equal(languageName('qqq'), 'qqq');
    for (const c of [...SIB, ...TATOEBA]) assert.match(languageName(c), /^[A-Z]/, c);
  });

  it('parses language lists and rejects unknown codes, naming them', async () => {
    assert.deepEqual(parseLangList('de,zh, eng_Latn,deu'), ['de', 'zh', 'en']);
    await rejectsWith(() => parseLangList('de,xx_Latn'), "'xx_Latn'");
    await rejectsWith(() => canonicalLang('klingon'), "unknown language code 'klingon'");
    assert.equal(tryCanonicalLang('text'), undefined);
    assert.equal(tryCanonicalLang('lang'), undefined);
  });

  it('rejects two spellings of one language in a corpus', async () => {
    const set = new LanguageSet();
    set.add('deu_Latn');
    set.add('deu_Latn');
    await rejectsWith(() => set.add('de', { file: 'x.jsonl', line: 3 }), 'x.jsonl:3', "'deu_Latn' and 'de'", 'German');
  });
});
