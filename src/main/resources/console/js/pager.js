// How every list of the console pages: the first page when the screen opens, 「加载更多」 for the next (the
// server's nextCursor), and a search box that filters what is loaded (load more to search further back).
// A reload (another filter, another org, after an action) starts again from the first page; an answer that
// arrives after a newer reload was asked for is dropped, so a slow page never overwrites a fresh one.

/**
 * @param table  the <table> whose <tbody> receives the rows
 * @param fetch  (cursor) => Promise<{ items, nextCursor }>
 * @param render (tbody, item) => void: appends the item's row
 * @param text   item => the words a search looks in (name, title…)
 * @param search optional <input type=search>
 * @param keep   optional item => boolean: a filter on what is loaded (a state chosen in a <select>)
 * @param sort   optional comparator for the rows shown
 */
export function paged(table, { fetch, render, text = () => '', search, sort, keep = () => true }) {
  const body = table.querySelector('tbody');
  const bar = document.createElement('p');
  bar.className = 'pager';
  const more = document.createElement('button');
  more.type = 'button';
  more.textContent = '加载更多';
  more.dataset.testid = table.dataset.testid + '-more';
  const count = document.createElement('span');
  count.className = 'muted';
  count.dataset.testid = table.dataset.testid + '-count';
  bar.append(more, ' ', count);
  table.after(bar);

  let items = [];
  let cursor = null;
  let done = false;
  let generation = 0;

  function draw() {
    const q = search ? search.value.trim() : '';
    let shown = items.filter((item) => keep(item) && (!q || text(item).includes(q)));
    if (sort) shown = shown.slice().sort(sort);
    body.innerHTML = '';
    for (const item of shown) render(body, item);
    if (!shown.length) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = table.querySelectorAll('thead th').length || 1;
      td.className = 'muted';
      td.textContent = q ? '已加载的记录中没有“' + q + '”' + (done ? '' : '，可加载更多再找') : '暂无记录';
      tr.appendChild(td);
      body.appendChild(tr);
    }
    more.hidden = done;
    count.textContent = (q ? '找到 ' + shown.length + ' 条，' : '') + '已加载 ' + items.length + ' 条'
      + (done ? '（已全部加载）' : '');
    return shown;
  }

  async function next() {
    const asked = generation;
    more.disabled = true;
    try {
      const page = await fetch(cursor);
      if (asked !== generation) return;
      items = items.concat(page.items);
      cursor = page.nextCursor;
      done = !cursor;
      draw();
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => next().catch((err) => { count.textContent = '加载失败：' + err.message; }));
  if (search) search.addEventListener('input', draw);

  return {
    /** Starts again from the first page. */
    async reload() {
      generation++;
      items = [];
      cursor = null;
      done = false;
      await next();
    },
    /** Draws the loaded items again (a local filter changed); answers those shown. */
    redraw: draw
  };
}

/** The query string for a page: the fixed parameters, `limit`, and `cursor` when there is one. */
export function pageQuery(params, cursor, limit = 50) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}
