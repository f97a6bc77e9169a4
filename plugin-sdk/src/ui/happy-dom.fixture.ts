/**
 * The browser document of the `happy-dom` test environment, typed by what the UI tests read (the
 * SDK compiles without the DOM library, so its tests name the members they use).
 */
export interface TestElement {
  id: string;
  innerHTML: string;
  textContent: string | null;
  readonly firstElementChild: TestElement | null;
  readonly nextElementSibling: TestElement | null;
  readonly style: { getPropertyValue(name: string): string };
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  append(...nodes: Array<TestElement | string>): void;
  replaceChildren(...nodes: Array<TestElement | string>): void;
  querySelector(selectors: string): (TestElement & { click(): void }) | null;
}

export interface TestDocument {
  readonly head: TestElement;
  readonly body: TestElement;
  readonly documentElement: TestElement;
  createElement(tag: string): TestElement;
  getElementById(id: string): TestElement | null;
  querySelector(selectors: string): TestElement | null;
}

export const testDocument = (): TestDocument =>
  (globalThis as unknown as { document: TestDocument }).document;
