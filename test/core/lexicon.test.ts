/** The lexicon compiler and matcher: pattern syntax, folding, negation, exceptions, offsets. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_CLASSES, LexiconBank, checkClasses, checkLexicon, fold, resolveConfig, validateConfig } from '../../server/src/core';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { lexiconBank } from '../../server/src/core/engine';
import { MARK } from '../../server/src/core/lexicon';
import { BUILTIN_LEXICONS } from '../../server/src/core/lexicons';

function bank(lexicons: Record<string, { terms: (string | { pattern: string; negatable?: boolean })[]; exceptions?: string[]; negatable?: boolean }>) {
  const b = new LexiconBank();
  b.add('negation', { terms: ['不会', '不', '没有'] });
  for (const [k, v] of Object.entries(lexicons)) b.add(k, v);
  return b.build();
}
const spans = (b: LexiconBank, name: string, text: string) => b.scan(fold(text)).matches(name).map((m) => text.slice(m.start, m.end));

describe('folding', () => {
  it('keeps the length and maps full-width, traditional and upper case', () => {
    const s = '還錢！ＡＢＣ１２３　對不起';
    expect(fold(s)).toBe('还钱!abc123 对不起');
    expect(fold(s).length).toBe(s.length);
  });
});

describe('patterns', () => {
  const b = bank({
    lit: { terms: ['坐牢', '(抓|逮捕)(你|您)'] },
    gap: { terms: ['已经…立案'] },
    sent: { terms: ['如果……起诉'] },
    num: { terms: ['<num>(元|块)'] },
    ph: { terms: ['<debt>天'] },
    neg: { terms: ['起诉'], negatable: true },
    exc: { terms: ['滚'], exceptions: ['滚动', '利滚利'] },
  });
  it('matches literals and expanded alternatives, in traditional and full-width text', () => {
    expect(spans(b, 'lit', '再不還就等著坐牢!我們要逮捕您')).toEqual(['坐牢', '逮捕您']);
  });
  it('a … gap stays inside the clause; a …… gap inside the sentence', () => {
    expect(spans(b, 'gap', '我们已经对您立案了')).toEqual(['已经对您立案']);
    expect(spans(b, 'gap', '我们已经说过,立案的事')).toEqual([]);
    expect(spans(b, 'sent', '如果您再不还,我们就起诉')).toEqual(['如果您再不还,我们就起诉']);
    expect(spans(b, 'sent', '如果您再不还。我们就起诉')).toEqual([]);
  });
  it('<num> matches digits and Chinese numerals', () => {
    expect(spans(b, 'num', '欠了5000元,还有三百块')).toEqual(['5000元', '三百块']);
  });
  it('placeholders are masked by category markers', () => {
    const text = '已逾期{overdue_days}天';
    const masked = '已逾期' + MARK.debt + MARK.filler.repeat('{overdue_days}'.length - 1) + '天';
    expect(b.scan(masked).matches('ph').map((m) => text.slice(m.start, m.end))).toEqual(['{overdue_days}天']);
  });
  it('negation before a negatable term cancels it, but a condition does not', () => {
    expect(spans(b, 'neg', '我们不会起诉您')).toEqual([]);
    expect(spans(b, 'neg', '不还钱就起诉您')).toEqual(['起诉']);
    expect(spans(b, 'neg', '我们将起诉您')).toEqual(['起诉']);
  });
  it('a bare 不 whose clause is the condition of the speaker\'s next clause is no negation', () => {
    expect(spans(b, 'neg', '你不起诉他，我们就起诉您')).toEqual(['起诉', '起诉']);
    expect(spans(b, 'neg', '你不起诉他，否则')).toEqual(['起诉']);
    // without the speaker's consequence, or with a longer negation, it still negates
    expect(spans(b, 'neg', '我们不起诉，就在电话里谈')).toEqual([]);
    expect(spans(b, 'neg', '我们不会起诉，我们就谈谈')).toEqual([]);
    expect(spans(b, 'neg', '你不起诉他。我们就谈')).toEqual([]);
  });
  it('exceptions cancel covered matches', () => {
    expect(spans(b, 'exc', '利滚利,滚动还款,你给我滚')).toEqual(['滚']);
  });
  it('rejects malformed patterns with a message', () => {
    expect(checkLexicon({ terms: ['(a|b'] })).toMatch(/unclosed/);
    expect(checkLexicon({ terms: ['<bogus>'] })).toMatch(/unknown token/);
    expect(checkLexicon({ terms: ['a(b|)…c'] })).toBeUndefined();
    expect(checkLexicon({ terms: ['(|a)…b'] })).toMatch(/starts with a gap/);
    expect(checkLexicon({ terms: ['(a|)'] })).toMatch(/is empty/);
    expect(checkLexicon({ terms: ['好'] })).toBeUndefined();
  });
  it('rejects a regular-expression quantifier after a group or class (it would match a literal ?, * or +)', () => {
    expect(checkLexicon({ terms: ['帮他……(处理|解决)?'] })).toMatch(/"\?" after a group.*\(a\|b\|\)/);
    expect(checkLexicon({ terms: ['告诉[close-person]*'] })).toMatch(/"\*" after a group or word class/);
    expect(checkLexicon({ terms: ['(a|b)+c'] })).toMatch(/quantifiers/);
    // the optional group as the syntax writes it, and a literal question mark written full-width
    expect(checkLexicon({ terms: ['帮他……(处理|解决|)'] })).toBeUndefined();
    expect(checkLexicon({ terms: ['(还|)要不要(脸|命)？'] })).toBeUndefined();
    // a literal ASCII ? anywhere else stays literal, as before
    expect(checkLexicon({ terms: ['要不要脸?'] })).toBeUndefined();
  });
});

describe('negation inside a match, and questions (the built-in negation set)', () => {
  const b = new LexiconBank();
  b.add('negation', BUILTIN_LEXICONS.negation);
  b.add('visit', { terms: ['(我们|我们的人|我们公司)……(上门|去(你|您)家)', '发到朋友圈', '贴告示', '日子…不(会|)太平'], negatable: true });
  b.add('borrow', { terms: ['借(点|些)钱'], exceptions: ['(不要|不能|别)…借(点|些)钱'], negatable: true });
  b.add('know', { terms: ['让…(家人|家里人)…知道'], negatable: true });
  b.add('record', { terms: ['(逾期|不良)(记录|)……删除', '个人账户收款'], negatable: true });
  b.add('pay', { terms: ['替他(还|承担)'], negatable: true });
  b.build();
  const sp = (name: string, text: string) => spans(b, name, text);
  it('a negation inside the match denies the rest of its clause, in mainland, Taiwan and Cantonese forms', () => {
    expect(sp('visit', '我们会上门。')).toEqual(['我们会上门']);
    expect(sp('visit', '我们是不会上门的。')).toEqual([]);
    expect(sp('visit', '我們是絕不會上門的，請放心。')).toEqual([]);
    expect(sp('visit', '我們公司決不會去妳家。')).toEqual([]);
    expect(sp('visit', '我哋係唔會上門嘅。')).toEqual([]);
    expect(sp('visit', '我们从未曾上门。')).toEqual([]);
  });
  it('but not across a clause, after a condition, when doubled, or when the negation is the pattern’s own word', () => {
    expect(sp('visit', '我们不会再等了，明天上门。')).toEqual(['我们不会再等了，明天上门']);
    expect(sp('visit', '我们不会等到下个月的话就上门')).toEqual(['我们不会等到下个月的话就上门']);
    expect(sp('visit', '我们不会不上门的。')).toEqual(['我们不会不上门']);
    expect(sp('visit', '我们不管您在不在都会上门。')).toEqual(['我们不管您在不在都会上门']);
    expect(sp('visit', '再拖下去，您的日子都不会太平。')).toEqual(['日子都不会太平']);
    // 不 of 不良 in the pattern is not the 不 of 不会 in the line.
    expect(sp('record', '这笔逾期记录不会因为今天还款而删除。')).toEqual([]);
    expect(sp('record', '这笔逾期记录今天就能删除。')).toEqual(['逾期记录今天就能删除']);
  });
  it('a negation before the match reaches over 把/在/喺/以 to the verb', () => {
    expect(sp('visit', '我们会把您的照片发到朋友圈。')).toEqual(['发到朋友圈']);
    expect(sp('visit', '我们绝不会把您的照片发到朋友圈。')).toEqual([]);
    expect(sp('visit', '我哋唔會喺你公司門口貼告示。')).toEqual([]);
    expect(sp('visit', '我們會喺你公司門口貼告示！')).toEqual(['貼告示']);
    expect(sp('visit', '不把钱还上就发到朋友圈。')).toEqual(['发到朋友圈']);
    expect(sp('record', '本公司絕不會以任何個人帳戶收款。')).toEqual([]);
    expect(sp('record', '请用个人账户收款。')).toEqual(['个人账户收款']);
  });
  it('a negation that ends in a verb making someone do the deed (不会要求, 不会让, 不需要) reaches over the person to the deed', () => {
    expect(sp('pay', '这笔钱我们不会要求您或者您家人替他还。')).toEqual([]);
    expect(sp('pay', '我們不會讓您或其他家人替他承擔。')).toEqual([]);
    expect(sp('pay', '我哋唔會叫你或者你屋企人替佢還。')).toEqual([]);
    expect(sp('pay', '您或者您的家人都不需要替他还。')).toEqual([]);
    expect(sp('pay', '这笔钱要求您或者您家人替他还。')).toEqual(['替他还']);
    expect(sp('pay', '我们不会再打扰，您或者您家人替他还就行。')).toEqual(['替他还']);
    expect(sp('pay', '我们不会要求太多，麻烦您或者您家人替他还一点。')).toEqual(['替他还']);
  });
  it('an A-not-A or rhetorical question is not a negation, for terms and for exceptions', () => {
    expect(sp('borrow', '您不要去借点钱，我们可以谈分期。')).toEqual([]);
    expect(sp('borrow', '您要不要去借点钱先还上？')).toEqual(['借点钱']);
    expect(sp('borrow', '你能不能跟朋友借些錢？')).toEqual(['借些錢']);
    expect(sp('borrow', '你要唔要搵朋友借啲錢先還？')).toEqual(['借啲錢']);
    expect(sp('borrow', '您就不能先借点钱吗？')).toEqual(['借点钱']);
    expect(sp('know', '你想不想让你家人都知道？')).toEqual(['让你家人都知道']);
    expect(sp('know', '你係咪想讓你家人都知道？')).toEqual(['讓你家人都知道']);
    expect(sp('know', '你不会想让你家里人知道吧？')).toEqual(['让你家里人知道']);
    expect(sp('know', '我们不会让您的家人知道。')).toEqual([]);
    expect(sp('visit', '我们会不会上门，要看您的安排。')).toEqual(['我们会不会上门']);
  });
});

describe('a negation inside a match that is the pattern’s own word: judged on what the pattern matched, literals and classes alike', () => {
  const classes = {
    vouch: { terms: ['不敢说', '不敢讲', '保证不了', '说不准'] },
    stay: { terms: ['不会走', '不走', '一直等', '守着'] },
  };
  const b = new LexiconBank(classes);
  b.add('negation', BUILTIN_LEXICONS.negation);
  b.add('cls', { terms: ['发生(什么|咩)……[vouch]', '[stay]……(签字|出来)'], negatable: true });
  b.add('inline', { terms: ['发生(什么|咩)……(不敢说|不敢讲|保证不了|说不准)', '(不会走|不走|一直等|守着)……(签字|出来)'], negatable: true });
  b.build();
  const both = (text: string) => [spans(b, 'cls', text), spans(b, 'inline', text)];
  it('a class’s word that holds a negation (不敢说) is not cancelled by it, as the same word written inline is not', () => {
    expect(both('到时候会发生什么事，我也不敢说。')).toEqual([['发生什么事，我也不敢说'], ['发生什么事，我也不敢说']]);
    expect(both('到時候會發生什麼事，我也不敢說。')).toEqual([['發生什麼事，我也不敢說'], ['發生什麼事，我也不敢說']]);
    expect(both('到時會發生咩事，我都唔敢講。')).toEqual([['發生咩事，我都唔敢講'], ['發生咩事，我都唔敢講']]);
    expect(both('我们就在门口守着，不会走，等你出来签字。')).toEqual([['守着，不会走，等你出来签字'], ['守着，不会走，等你出来签字']]);
  });
  it('a negation the pattern did not match still denies, even when a branch it did not take holds the same word', () => {
    // 不会 of the line is not 不会走 of the pattern: only 一直等 matched.
    expect(both('我们一直等您回复，您今天不会出来签字，我们明白。')).toEqual([[], []]);
    expect(both('我們一直等您回覆，您今天不會出來簽字，我們明白。')).toEqual([[], []]);
    expect(both('我哋一直等你覆，你今日唔會出嚟簽字，我哋明白。')).toEqual([[], []]);
    expect(both('我们一直等您回复，您今天会出来签字吗？')).toEqual([['一直等您回复，您今天会出来签字'], ['一直等您回复，您今天会出来签字']]);
  });
});

describe('named word classes', () => {
  const classes = {
    kin: { terms: ['家人', '老公', '同事'] },
    you: { terms: ['你', '您'] },
    tell: { terms: ['告诉', '通知'] },
    'tell-kin': { terms: ['[tell]…[kin]'] },
  };
  const b = (() => {
    const x = new LexiconBank(classes);
    x.add('negation', { terms: ['不会'] });
    x.add('k', { terms: ['[tell-kin]', '打给[you]'], exceptions: ['通知[kin]来领'], negatable: true });
    return x.build();
  })();
  it('a class stands for any of its terms, in traditional and full-width text too, and classes nest', () => {
    expect(spans(b, 'k', '我们会通知您的家人。')).toEqual(['通知您的家人']);
    expect(spans(b, 'k', '我們會告訴你老公！')).toEqual(['告訴你老公']);
    expect(spans(b, 'k', '明天打给你，好吗？')).toEqual(['打给你']);
  });
  it('exceptions and negation apply to class patterns as to any other', () => {
    expect(spans(b, 'k', '请通知家人来领取材料。')).toEqual([]);
    expect(spans(b, 'k', '我们不会通知您的同事。')).toEqual([]);
    expect(spans(b, 'k', '我们告诉过您，家人那边不知道。')).toEqual([]);
  });
  it('the built-in classes are data (lexicons/classes.json) with zh and en descriptions', () => {
    for (const name of ['close-person', 'you', 'third-person', 'pay-channel', 'publish-place']) {
      expect(BUILTIN_CLASSES[name].terms.length).toBeGreaterThan(2);
      expect(BUILTIN_CLASSES[name].description?.zh).toBeTruthy();
      expect(BUILTIN_CLASSES[name].description?.en).toBeTruthy();
    }
    expect(BUILTIN_CLASSES['close-person'].terms).toEqual(expect.arrayContaining(['屋企人', '老公', '太太', '同事', '老板', '邻居']));
    expect(BUILTIN_CLASSES['pay-channel'].terms).toEqual(expect.arrayContaining(['微信', '支付宝', 'payme', '转数快', 'fps', '八达通', '街口支付', 'line pay', 'apple pay']));
    const x = new LexiconBank();
    x.add('p', { terms: ['发到[publish-place]'] });
    x.build();
    expect(spans(x, 'p', '我會把你的欠款發到朋友圈！')).toEqual(['發到朋友圈']);
    expect(spans(x, 'p', '資料會發到ＬＩＮＥ群組。')).toEqual(['發到ＬＩＮＥ群組']);
    expect(spans(x, 'p', '请用PayMe或轉數快付款，不要发到别处。')).toEqual([]);
  });
  it('rejects unknown classes with a did-you-mean, cycles, bad names and empty classes', () => {
    expect(checkLexicon({ terms: ['通知[close-persn]'] })).toMatch(/unknown word class \[close-persn\].*did you mean \[close-person\]/);
    expect(checkLexicon({ terms: ['通知[close-person'] })).toMatch(/unclosed "\["/);
    expect(checkLexicon({ terms: ['通知]'] })).toMatch(/unbalanced "\]"/);
    expect(checkLexicon({ terms: ['[Close_Person]'] })).toMatch(/not a word class name/);
    expect(checkClasses({ a: { terms: ['x[b]'] }, b: { terms: ['[a]y'] } }).map((p) => p[1]).join('\n')).toMatch(/refers to itself: \[(a|b)\] → \[(a|b)\] → \[(a|b)\]/);
    expect(checkClasses({ 'close-person': { terms: ['表哥'] }, mine: { terms: ['[close-person]的手机'] } })).toEqual([]);
    expect(checkClasses({ bad_name: { terms: ['x'] } })[0][1]).toMatch(/not a word class name/);
    expect(checkClasses({ empty: { terms: [] } })[0][1]).toMatch(/non-empty strings/);
  });
  it('a config adds terms to a built-in class or defines a new one; an unknown class is a config error', () => {
    expect(() => validateConfig({ classes: { 'close-person': { terms: ['阿福叔'] }, 'my-app': { terms: ['好借'] } }, lexicons: { 'exposure-threat': { terms: ['告诉[close-person]', '[my-app]'] } } }, 'parley.config.json', new Set())).not.toThrow();
    const cfg = resolveConfig({ classes: { 'close-person': { terms: ['阿福叔'] } }, lexicons: { 'exposure-threat': { terms: ['告诉[close-person]'] } } });
    expect(lexiconBank(cfg).scan(fold('我会告诉阿福叔')).matches('exposure-threat').length).toBe(1);
    expect(lexiconBank(DEFAULT_CONFIG).scan(fold('我会告诉阿福叔')).matches('exposure-threat').length).toBe(0);
    expect(cfg.key).not.toBe(resolveConfig({ lexicons: { 'exposure-threat': { terms: ['告诉[close-person]'] } } }).key);
    expect(() => validateConfig({ lexicons: { 'exposure-threat': { terms: ['告诉[close-peson]'] } } }, 'parley.config.json', new Set())).toThrow(/\/lexicons\/exposure-threat: unknown word class \[close-peson\].*did you mean \[close-person\]/);
    expect(() => validateConfig({ classes: { Bad: { terms: ['x'] } } }, 'parley.config.json', new Set())).toThrow(/\/classes/);
  });
});

describe('lexicon files', () => {
  it('every built-in lexicon and classes.json validate against schemas/lexicon.schema.json, and every pattern compiles', async () => {
    const Ajv = (await import('ajv')).default;
    const schema = (await import('../../schemas/lexicon.schema.json')).default;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const { BUILTIN_LEXICONS } = await import('../../server/src/core');
    for (const [name, data] of Object.entries({ ...BUILTIN_LEXICONS, classes: BUILTIN_CLASSES })) {
      expect([name, validate(data) ? 'ok' : JSON.stringify(validate.errors)]).toEqual([name, 'ok']);
    }
    expect(checkClasses(BUILTIN_CLASSES, {})).toEqual([]);
    for (const [name, data] of Object.entries(BUILTIN_LEXICONS)) expect([name, checkLexicon(data)]).toEqual([name, undefined]);
  });
});
