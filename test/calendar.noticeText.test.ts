// The State Council's notice as published, read into the structured form (rules/noticeText.ts).
// The fixtures are written in the notice's format from the facts of three published notices: 2017
// (国办发明电〔2016〕17号, the older wording: 补休, 与周末连休, 星期日, 中秋节、国庆节 on one line),
// 2025 (国办发明电〔2024〕12号: 农历 notes, 周三, 放假1天，不调休, a range across a month end) and 2026
// (国办发明电〔2025〕7号). Each must yield exactly the packaged data for its year.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoticeTextError, parseNoticeText } from '../rules/noticeText';
import { packagedNotice } from '../rules/packagedNotices';

const fixture = (year: number) => readFileSync(new URL(`./fixtures/holiday-notices/${year}.txt`, import.meta.url), 'utf8');

/** The parse error of `text`, or a failure when it parses. */
function refusal(text: string, opts = {}): NoticeTextError {
  try {
    parseNoticeText(text, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(NoticeTextError);
    return err as NoticeTextError;
  }
  throw new Error('the text was accepted');
}

/** The 2026 fixture with one line replaced. */
const with2026Line = (n: number, line: string) => fixture(2026).split('\n').map((l, i) => (i === n - 1 ? line : l)).join('\n');

describe('a notice as published, read into the structured form', () => {
  it.each([
    [2017, '国办发明电〔2016〕17号', '2016-12-01'],
    [2025, '国办发明电〔2024〕12号', '2024-11-12'],
    [2026, '国办发明电〔2025〕7号', '2025-11-04'],
  ])('when the %i notice is read, then its days are exactly the packaged data for the year, with its document number and date', (year, source, publishedOn) => {
    const notice = parseNoticeText(fixture(year));
    const packaged = packagedNotice(year)!;
    expect({ holidays: notice.holidays, workdays: notice.workdays }).toEqual({ holidays: packaged.holidays, workdays: packaged.workdays });
    expect(notice).toMatchObject({ year, source, publishedOn });
  });

  it('when the 2017 notice writes 补休 and 与周末连休, then the 补休 day is a day off and the weekend adds no listed day', () => {
    const notice = parseNoticeText(fixture(2017));
    expect(notice.holidays.filter((h) => h.name === '元旦')).toEqual([{ date: '2017-01-01', name: '元旦' }, { date: '2017-01-02', name: '元旦' }]);
    expect(notice.holidays.filter((h) => h.name === '劳动节')).toEqual([{ date: '2017-05-01', name: '劳动节' }]);
  });

  it('when 中秋节 and 国庆节 share one line, then the Mid-Autumn day keeps its name and the rest of the block is National Day', () => {
    const days = parseNoticeText(fixture(2017)).holidays.filter((h) => h.date >= '2017-10-01');
    expect(days.filter((d) => d.name === '中秋节').map((d) => d.date)).toEqual(['2017-10-04']);
    expect(days.filter((d) => d.name === '国庆节')).toHaveLength(7);
    expect(parseNoticeText(fixture(2017)).workdays.at(-1)).toEqual({ date: '2017-09-30', name: '国庆节' });
  });

  it('when the text is typed with ASCII punctuation, spaces and Windows line ends, then it reads the same', () => {
    const ascii = fixture(2026).replace(/：/g, ': ').replace(/（/g, ' (').replace(/）/g, ')').replace(/，/g, ', ').replace(/\n/g, '\r\n');
    expect(parseNoticeText(ascii)).toEqual(parseNoticeText(fixture(2026)));
  });

  it('when a notice begins the New Year break in December of the year before, with years written out, then those days are its own', () => {
    const text = ['国务院办公厅关于2019年部分节假日安排的通知', '一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。'].join('\n');
    expect(parseNoticeText(text, { source: '国办发明电〔2018〕15号' })).toMatchObject({
      year: 2019,
      holidays: ['2018-12-30', '2018-12-31', '2019-01-01'].map((date) => ({ date, name: '元旦' })),
      workdays: [{ date: '2018-12-29', name: '元旦' }],
    });
  });

  it('when only the items are given, then the year and the document number come from the options, and a year that disagrees is refused', () => {
    const items = fixture(2026).split('\n').filter((l) => /^[一二三四五六七]、/.test(l)).join('\n');
    expect(parseNoticeText(items, { year: 2026, source: '国办发明电〔2025〕7号' }).holidays).toEqual(packagedNotice(2026)!.holidays);
    expect(refusal(items, { source: 'x' }).message).toMatch(/names no year/);
    expect(refusal(items, { year: 2026 }).message).toMatch(/no document number/);
    expect(refusal(fixture(2026), { year: 2027 })).toMatchObject({ line: 1, message: expect.stringMatching(/names the year 2026, not 2027/) });
  });
});

describe('a malformed notice is refused with the line that fails', () => {
  it.each([
    ['a weekday that does not match its date', 6, '一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。1月4日（周日）上班。', /2026-01-01 is a 星期四, not the 周五/],
    ['a count that does not match the range', 7, '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共8天。2月14日（周六）、2月28日（周六）上班。', /共8天 does not match the 9 days/],
    ['a make-up working day on a weekday', 9, '四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月8日（周五）上班。', /2026-05-08 is a weekday/],
    ['a day that is not a date', 10, '五、端午节：6月31日至7月2日放假，共3天。', /6月31日 is not a date/],
    ['a sentence that is neither 放假 nor 上班', 11, '六、中秋节：9月25日（周五）至27日（周日）休息，共3天。', /has no 放假 after its dates/],
    ['an unknown clause', 8, '三、清明节：4月4日（周六）至6日（周一）放假，另行通知。', /"另行通知" is not 共N天/],
    ['an item out of order', 9, '五、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。', /item 五 follows item 三/],
    ['an item without its number', 8, '清明节：4月4日（周六）至6日（周一）放假，共3天。', /numbered/],
    ['a day another line announced', 9, '四、劳动节：4月6日（周一）放假。', /2026-04-06 is also announced on line 8/],
    ['a day outside the notice’s year', 12, '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。2027年1月2日（周六）上班。', /outside the notice's year 2026/],
    ['a range that runs backwards', 10, '五、端午节：6月21日至19日放假，共3天。', /is not a period of days off/],
  ])('when a line has %s, then the error names that line', (_what, line, text, message) => {
    const err = refusal(with2026Line(line, text));
    expect(err.code).toBe('INVALID_NOTICE');
    expect(err.line).toBe(line);
    expect(err.lineText).toBe(text);
    expect(err.message).toMatch(message);
  });

  it('when a festival the preamble announces has no item, then the preamble line is named', () => {
    const err = refusal(fixture(2026).split('\n').filter((l) => !l.startsWith('七、')).join('\n'));
    expect(err).toMatchObject({ line: 5, message: expect.stringMatching(/announces 国庆节 but no item gives its dates/) });
  });

  it('when the text has no item at all, then it is refused without a line', () => {
    expect(refusal('国务院办公厅关于2027年部分节假日安排的通知\n国办发明电〔2026〕1号').line).toBeUndefined();
  });
});
