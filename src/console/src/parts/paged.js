// How every list of the console pages: the first page when the screen opens, 「加载更多」 for the next (the
// server's nextCursor), and a search box that filters what is loaded (load more to search further back).
// A reload (another filter, after an action) starts again from the first page; an answer that arrives after a
// newer reload was asked for is dropped, so a slow page never overwrites a fresh one.
import { computed, reactive, ref } from 'vue';

/**
 * @param fetch (cursor) => Promise<{ items, nextCursor }>
 * @param text  item => the words a search looks in
 * @param keep  optional item => boolean (a state chosen in a select)
 * @param sort  optional comparator
 */
export function paged({ fetch, text = () => '', keep = () => true, sort }) {
  const list = reactive({ items: [], cursor: null, done: false, loading: false, error: '' });
  const query = ref('');
  let generation = 0;

  const shown = computed(() => {
    const q = query.value.trim();
    let rows = list.items.filter((item) => keep(item) && (!q || text(item).includes(q)));
    return sort ? rows.slice().sort(sort) : rows;
  });
  const empty = computed(() => {
    const q = query.value.trim();
    return q ? '已加载的记录中没有“' + q + '”' + (list.done ? '' : '，可加载更多再找') : '暂无记录';
  });
  const count = computed(() => (query.value.trim() ? '找到 ' + shown.value.length + ' 条，' : '') + '已加载 '
    + list.items.length + ' 条' + (list.done ? '（已全部加载）' : ''));

  async function next() {
    const asked = generation;
    list.loading = true;
    try {
      const page = await fetch(list.cursor);
      if (asked !== generation) return;
      list.items = list.items.concat(page.items);
      list.cursor = page.nextCursor;
      list.done = !page.nextCursor;
      list.error = '';
    } catch (err) {
      if (asked === generation) list.error = '加载失败：' + err.message;
    } finally {
      if (asked === generation) list.loading = false;
    }
  }

  async function reload() {
    generation++;
    list.items = [];
    list.cursor = null;
    list.done = false;
    await next();
  }

  return { list, query, shown, empty, count, next, reload };
}
