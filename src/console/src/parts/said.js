import { reactive } from 'vue';

/** A status line's state: `say(text)` for what went right, `fail(err)` for what did not (the server's words). */
export function statusLine() {
  const said = reactive({ text: '', error: false });
  return {
    said,
    say(text) { said.text = text; said.error = false; },
    fail(err) { said.text = typeof err === 'string' ? err : err.message; said.error = true; },
    clear() { said.text = ''; said.error = false; }
  };
}
