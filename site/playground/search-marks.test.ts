// Whole-word highlights for Chinese searches: which words of a query are Chinese, and where they stand.
import { describe, expect, it } from 'vitest';
import { chineseTerms, termRanges } from './search-marks.ts';

describe('chineseTerms', () => {
  it('takes the runs of two or more Han characters, longest first, once each', () => {
    expect(chineseTerms('端口号')).toEqual(['端口号']);
    expect(chineseTerms('UDP 端口 套接字 端口')).toEqual(['套接字', '端口']);
    expect(chineseTerms('recvfrom')).toEqual([]);
    // A lone character is no word to redraw: Pagefind's marks stay.
    expect(chineseTerms('端 口')).toEqual([]);
  });
});

describe('termRanges', () => {
  it('finds every whole occurrence, in order', () => {
    const text = '端口号是 16 位的数；端口和端口号不是一回事。';
    expect(termRanges(text, ['端口号'])).toEqual([
      [0, 3],
      [15, 18],
    ]);
  });
  it('gives a longer word its place before a shorter one inside it', () => {
    expect(termRanges('服务器的端口号', ['端口号', '端口'])).toEqual([[4, 7]]);
    expect(termRanges('端口，端口号', chineseTerms('端口 端口号'))).toEqual([
      [0, 2],
      [3, 6],
    ]);
  });
  it('finds nothing where only pieces stand', () => {
    expect(termRanges('一个端点，一句口号', ['端口号'])).toEqual([]);
  });
});
