// The ONLY module that knows about @vscode/webview-ui-toolkit (deprecated upstream). Swapping it for
// @vscode-elements/elements means changing the tag names and property names here, nowhere else.
import {
  provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDivider, vsCodeDropdown, vsCodeOption, vsCodeProgressRing, vsCodeTextArea, vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

export function registerComponents(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDivider(), vsCodeDropdown(), vsCodeOption(), vsCodeProgressRing(), vsCodeTextArea(), vsCodeTextField());
}

/** A form control: its element and a typed value accessor. */
export interface Control<T> {
  element: HTMLElement;
  get(): T;
  set(value: T): void;
}

interface Common {
  id: string;
  title?: string;
}

export function button(label: string, onClick: () => void, options: Common & { secondary?: boolean }): HTMLElement & { disabled: boolean } {
  const el = document.createElement('vscode-button') as HTMLElement & { disabled: boolean; appearance: string };
  el.id = options.id;
  el.textContent = label;
  if (options.title) el.title = options.title;
  if (options.secondary) el.setAttribute('appearance', 'secondary');
  el.addEventListener('click', () => {
    if (!el.disabled) onClick();
  });
  return el;
}

export function textField(label: string, value: string, onChange: (value: string) => void, options: Common & { placeholder?: string; size?: number }): Control<string> {
  const el = document.createElement('vscode-text-field') as HTMLElement & { value: string; placeholder: string };
  el.id = options.id;
  el.textContent = label;
  el.setAttribute('value', value);
  el.value = value;
  if (options.placeholder) el.setAttribute('placeholder', options.placeholder);
  if (options.size) el.setAttribute('size', String(options.size));
  if (options.title) el.title = options.title;
  el.addEventListener('input', () => onChange(el.value));
  el.addEventListener('change', () => onChange(el.value));
  return { element: el, get: () => el.value, set: (v) => { el.value = v; } };
}

export function textArea(label: string, value: string, onChange: (value: string) => void, options: Common & { rows?: number }): Control<string> {
  const el = document.createElement('vscode-text-area') as HTMLElement & { value: string };
  el.id = options.id;
  el.textContent = label;
  el.setAttribute('value', value);
  el.value = value;
  el.setAttribute('rows', String(options.rows ?? 2));
  el.setAttribute('resize', 'vertical');
  el.addEventListener('input', () => onChange(el.value));
  el.addEventListener('change', () => onChange(el.value));
  return { element: el, get: () => el.value, set: (v) => { el.value = v; } };
}

export function dropdown(label: string, choices: ReadonlyArray<{ value: string; label: string }>, value: string, onChange: (value: string) => void, options: Common): Control<string> & { setChoices(choices: ReadonlyArray<{ value: string; label: string }>, value: string): void } {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const caption = document.createElement('label');
  caption.textContent = label;
  caption.htmlFor = options.id;
  const el = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  el.id = options.id;
  if (options.title) el.title = options.title;
  const fill = (list: ReadonlyArray<{ value: string; label: string }>, selected: string) => {
    el.replaceChildren(...list.map((c) => {
      const option = document.createElement('vscode-option') as HTMLElement & { value: string };
      option.setAttribute('value', c.value);
      option.textContent = c.label;
      if (c.value === selected) option.setAttribute('selected', '');
      return option;
    }));
    el.value = selected;
  };
  fill(choices, value);
  el.addEventListener('change', () => onChange(el.value));
  wrap.append(caption, el);
  return { element: wrap, get: () => el.value, set: (v) => { el.value = v; }, setChoices: fill };
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, options: Common): Control<boolean> {
  const el = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  el.id = options.id;
  el.textContent = label;
  if (checked) el.setAttribute('checked', '');
  el.checked = checked;
  if (options.title) el.title = options.title;
  el.addEventListener('change', () => onChange(el.checked));
  return { element: el, get: () => el.checked, set: (v) => { el.checked = v; } };
}

export function progressRing(id: string): HTMLElement {
  const el = document.createElement('vscode-progress-ring');
  el.id = id;
  return el;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}
