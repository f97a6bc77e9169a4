import { describe, expect, it } from 'vitest';
import { defaultLayout, moveOnto, moveStep, normalizeLayout, setHidden } from './layout.ts';

describe('workbench layout', () => {
  it('moves a widget onto another, in both directions', () => {
    const start = defaultLayout(); // todos, messages, apps, links, alarms
    expect(moveOnto(start, 'alarms', 'todos').order).toEqual([
      'alarms',
      'todos',
      'messages',
      'apps',
      'links',
    ]);
    expect(moveOnto(start, 'todos', 'apps').order).toEqual(['messages', 'apps', 'todos', 'links', 'alarms']);
    expect(moveOnto(start, 'apps', 'apps')).toBe(start);
  });

  it('steps over hidden widgets when moving with the buttons', () => {
    const layout = setHidden(defaultLayout(), 'messages', true);
    expect(moveStep(layout, 'apps', -1).order).toEqual(['apps', 'todos', 'messages', 'links', 'alarms']);
    expect(moveStep(layout, 'todos', -1)).toBe(layout);
  });

  it('repairs a stored layout: unknown and duplicate widgets go, missing ones come back', () => {
    const repaired = normalizeLayout({
      order: ['alarms', 'weather', 'alarms', 'todos'],
      hidden: ['x', 'todos'],
    });
    expect(repaired.order).toEqual(['alarms', 'todos', 'messages', 'apps', 'links']);
    expect(repaired.hidden).toEqual(['todos']);
    expect(normalizeLayout('garbage')).toEqual(defaultLayout());
  });

  it('never keeps a quick link that is not http(s) or same-origin', () => {
    const repaired = normalizeLayout({
      order: [],
      links: [
        { title: '教务系统', url: 'https://jw.example.edu.cn' },
        { title: 'evil', url: 'javascript:alert(1)' },
        { title: 'proto', url: '//evil.example' },
        { title: '课表', url: '/apps/abc/' },
      ],
    });
    expect(repaired.links.map((l) => l.title)).toEqual(['教务系统', '课表']);
  });
});
