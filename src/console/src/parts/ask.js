// The console's questions, asked in its own dialog (never the browser's prompt() or confirm(), which a secretary
// cannot style, check or undo): `ask` for a reason or a date, `confirmed` for a yes. Each answers a promise:
// the text (trimmed), or null when the dialog was closed.
import { reactive } from 'vue';

export const question = reactive({ open: false, title: '', label: '', kind: 'text', value: '', required: true,
  placeholder: '', confirm: '确定', resolve: null });

export function ask({ title, label = '', kind = 'text', value = '', required = true, placeholder = '', confirm = '确定' }) {
  if (question.resolve) question.resolve(null);
  return new Promise((resolve) => Object.assign(question, { open: true, title, label, kind, value, required, placeholder,
    confirm, resolve }));
}

export const confirmed = (title, body = '') => ask({ title, label: body, kind: 'none', required: false })
  .then((answer) => answer !== null);

export function answer(value) {
  const resolve = question.resolve;
  question.resolve = null;
  question.open = false;
  if (resolve) resolve(value);
}
