/**
 * Loads a page of the mini-program into miniprogram-simulate (WeChat's component test harness). Pages are
 * written with the Component constructor, as the harness requires. TDesign's components are replaced by
 * small stand-ins that render their text and slots: the page's own template, data and handlers are real.
 */
import path from 'path';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulate = require('miniprogram-simulate');

const ROOT = path.resolve(__dirname, '../../miniprogram');

function stub(tagName: string, template: string, properties: Record<string, unknown> = {}): string {
  return simulate.load({ tagName, template, properties });
}

let stubs: Record<string, string> | null = null;

function tdesign(): Record<string, string> {
  if (!stubs) {
    const text = { type: null, value: '' };
    stubs = {
      't-button': stub('t-button', '<view class="t-button">{{disabled ? "[disabled]" : ""}}<slot/></view>', { disabled: Boolean, loading: Boolean, theme: text }),
      't-cell': stub('t-cell', '<view class="t-cell">{{title}}|{{description}}|{{note}}<slot/><slot name="note"/></view>',
        { title: text, description: text, note: text }),
      't-cell-group': stub('t-cell-group', '<view class="t-cell-group">{{title}}<slot/></view>', { title: text }),
      't-input': stub('t-input', '<view class="t-input">{{label}}:{{value}}</view>', { label: text, value: text }),
      't-textarea': stub('t-textarea', '<view class="t-textarea">{{value}}</view>', { value: text }),
      't-tag': stub('t-tag', '<view class="t-tag"><slot/></view>'),
      't-empty': stub('t-empty', '<view class="t-empty">{{description}}</view>', { description: text }),
      't-rate': stub('t-rate', '<view class="t-rate">{{value}}</view>', { value: Number }),
      't-switch': stub('t-switch', '<view class="t-switch">{{value}}</view>', { value: Boolean }),
      't-qrcode': stub('t-qrcode', '<view class="t-qrcode">{{value}}</view>', { value: text, size: Number }),
      't-progress': stub('t-progress', '<view class="t-progress">{{percentage}}</view>', { percentage: Number }),
      't-radio-group': stub('t-radio-group', '<view class="t-radio-group"><slot/></view>'),
      't-radio': stub('t-radio', '<view class="t-radio">{{label}}</view>', { label: text }),
    };
  }
  return stubs;
}

export interface Page {
  instance: Record<string, any> & { data: Record<string, any> };
  querySelector(selector: string): { dom: HTMLElement; dispatchEvent(name: string, options?: unknown): void } | null;
  querySelectorAll(selector: string): { dom: HTMLElement; dispatchEvent(name: string, options?: unknown): void }[];
  dom: HTMLElement;
}

/** Renders a page (e.g. 'pages/bind/bind') attached to the document; lifecycle methods are called by the test. */
export function loadPage(page: string): Page {
  jest.resetModules();
  const id = simulate.load(path.join(ROOT, page), { compiler: 'simulate', rootPath: ROOT, usingComponents: tdesign() });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  return comp as Page;
}

export function text(page: Page, selector: string): string {
  return page.querySelector(selector)?.dom.textContent?.trim() ?? '';
}
