import { describe, expect, it } from 'vitest';
import { renderDescription } from './markdown.ts';

describe('listing description', () => {
  it('renders Markdown and removes scripts, handlers and javascript: links', () => {
    const html = renderDescription(
      '# 智慧考勤\n\n**刷卡**到校<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    );
    expect(html).toContain('<h1>智慧考勤</h1>');
    expect(html).toContain('<strong>刷卡</strong>');
    expect(html).not.toMatch(/script|onerror|javascript:/);
  });

  it('opens links in a new tab without an opener', () => {
    expect(renderDescription('[官网](https://example.cn)')).toContain('rel="noopener noreferrer nofollow"');
  });
});
