// batt report: builds the page from the embedded JSON blob. No network, nothing evaluated:
// every string from the data goes in through textContent. Cards are built at once (so each has
// its final height and `#<task id>` lands on it), but their grids are painted on <canvas> only
// when the card scrolls into view.
'use strict';
(function () {
  const data = JSON.parse(document.getElementById('batt-data').textContent);
  const app = document.getElementById('app');
  const P = data.palette;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, ...kids) {
    for (const k of kids) if (k) parent.appendChild(k);
    return parent;
  }
  const fmt = (x, d) => (typeof x === 'number' ? (d === undefined ? x.toLocaleString('en-US') : x.toFixed(d)) : String(x));

  // --- grids -------------------------------------------------------------------------------
  function parseGrid(s) {
    const x = s.indexOf('x');
    const c = s.indexOf(':');
    return { h: Number(s.slice(0, x)), w: Number(s.slice(x + 1, c)), cells: s.slice(c + 1) };
  }
  // Cells shrink with the grid so a 30x30 grid stays about as wide as a 10x10 one.
  const cellSize = (g) => Math.max(4, Math.min(16, Math.floor(160 / Math.max(g.h, g.w))));

  /** A figure with a canvas sized for `text`; painted later. `against`: mark cells differing from it. */
  function gridFigure(text, caption, against) {
    const fig = el('figure', 'grid');
    const g = parseGrid(text);
    const s = cellSize(g);
    const c = el('canvas');
    c.width = g.w * s + 1;
    c.height = g.h * s + 1;
    c.dataset.cell = String(s);
    c.dataset.shape = g.h + 'x' + g.w;
    c._grid = g;
    if (against) c._against = parseGrid(against);
    add(fig, c, el('figcaption', '', caption));
    return fig;
  }
  function paint(c) {
    const g = c._grid;
    const s = Number(c.dataset.cell);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#444444';
    ctx.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < g.h; i++) {
      for (let j = 0; j < g.w; j++) {
        ctx.fillStyle = P[g.cells.charCodeAt(i * g.w + j) - 48] || '#ffffff';
        ctx.fillRect(j * s + 1, i * s + 1, s - 1, s - 1);
      }
    }
    const a = c._against;
    if (a && a.h === g.h && a.w === g.w) {
      // A differing cell gets a white ring inside its border; its centre keeps its colour.
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      for (let k = 0; k < g.cells.length; k++) {
        if (g.cells[k] === a.cells[k]) continue;
        const i = Math.floor(k / g.w);
        const j = k % g.w;
        ctx.strokeRect(j * s + 1.5, i * s + 1.5, s - 2, s - 2);
      }
    }
  }
  function differing(a, b) {
    const x = parseGrid(a);
    const y = parseGrid(b);
    if (x.h !== y.h || x.w !== y.w) return null;
    let n = 0;
    for (let k = 0; k < x.cells.length; k++) if (x.cells[k] !== y.cells[k]) n++;
    return n;
  }

  // --- summary -----------------------------------------------------------------------------
  function stat(key, big, small) {
    const s = el('div', 'stat');
    s.dataset.stat = key;
    return add(s, el('b', '', big), el('span', '', small));
  }
  function kv(pairs) {
    const dl = el('dl', 'kv');
    for (const [k, v] of pairs) {
      if (v === undefined) continue;
      add(dl, el('dt', '', k), el('dd', '', typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
    }
    return dl;
  }
  function summary() {
    const sum = data.summary;
    const head = el('section');
    add(head, el('h1', '', 'batt report'));
    add(head, el('div', 'meta', 'store ' + data.store + ' · data ' + data.data + (data.solutions ? ' · solutions ' + data.solutions : '') + ' · generated ' + data.generatedAt));
    const stats = add(
      el('div', 'stats'),
      stat('fitted', sum.fitted + ' / ' + sum.tasks, 'tasks fitted (a program solves every demo pair)'),
      stat('predicted', sum.predicted + ' / ' + sum.testInputs, 'test inputs predicted by stored programs'),
      sum.score
        ? stat('score', fmt(sum.score.score, 2) + ' / ' + sum.score.tasks, 'score within two attempts (' + fmt(sum.score.percent, 1) + '%)')
        : stat('score', '–', 'score: pass --solutions to check the answers'),
    );
    add(head, stats);
    const panels = el('div', 'panels');
    const run = data.run;
    const rs = run && run.summary;
    const phases = el('div', 'panel');
    add(phases, el('h2', '', 'Time per phase'));
    const candidates = el('div', 'panel');
    add(candidates, el('h2', '', 'Candidates'));
    if (rs && rs.phases) {
      const names = Object.keys(rs.phases);
      const max = Math.max(1, ...names.map((k) => rs.phases[k]));
      const bars = el('div', 'bars');
      for (const k of names) {
        const bar = el('div', 'bar');
        bar.style.width = ((100 * rs.phases[k]) / max).toFixed(1) + '%';
        bar.dataset.phase = k.replace(/Ms$/, '');
        add(bars, el('span', '', k.replace(/Ms$/, '')), add(el('div'), bar), el('span', 'num', (rs.phases[k] / 1000).toFixed(2) + ' s'));
      }
      add(phases, bars, el('div', 'meta', 'wall ' + (rs.wallMs / 1000).toFixed(2) + ' s; phases add up across tasks searched side by side'));
      const c = rs.candidates || {};
      const dl = kv(['rounds', 'generated', 'scored', 'unique', 'validated', 'stored', 'timeouts', 'errors'].map((k) => [k, c[k] === undefined ? undefined : fmt(c[k])]));
      dl.id = 'candidates';
      add(candidates, dl);
    } else {
      const why = data.runProblem || (run ? 'run ' + run.runId + ' recorded no summary (interrupted, or made by an older batt)' : 'no run');
      add(phases, el('p', 'problem', why));
      add(candidates, el('p', 'problem', why));
    }
    const manifest = el('div', 'panel');
    add(manifest, el('h2', '', 'Run'));
    if (run) {
      const m = run.manifest || {};
      add(
        manifest,
        kv([
          ['run', run.runId],
          ['started', run.startedAt],
          ['finished', run.finishedAt || 'not finished'],
          ['seed', m.seed],
          ['budget', m.budgetS === undefined ? undefined : m.budgetS + ' s per task'],
          ['rounds', m.rounds === null ? 'time budget' : m.rounds],
          ['seeds', m.useSeeds === undefined ? undefined : m.useSeeds ? m.seedsPerBatt + ' per batt' : 'off'],
          ['data', m.data],
          ['tasks', Array.isArray(m.tasks) ? m.tasks.length : undefined],
          ['version', m.versions],
        ]),
      );
    } else add(manifest, el('p', 'problem', data.runProblem || 'no run'));
    add(panels, phases, candidates, manifest);
    add(head, panels);
    if (data.skipped.length > 0) {
      add(head, el('h2', '', data.skipped.length + ' tasks of the data could not be loaded'));
      const ul = el('ul', 'problem');
      for (const p of data.skipped) add(ul, el('li', '', p.id + ': ' + p.reason));
      add(head, ul);
    }
    return head;
  }

  // --- cards -------------------------------------------------------------------------------
  const STATUS_TEXT = { solved: 'solved', partial: 'partial', unsolved: 'unsolved', missing: 'not in data', error: 'unreadable' };
  function card(t) {
    const c = el('article', 'card');
    c.id = t.id;
    c.dataset.status = t.status;
    c.dataset.answer = t.answer;
    const h = el('header');
    const a = el('a', '', t.id);
    a.href = '#' + encodeURIComponent(t.id);
    add(h, a, el('span', 'badge ' + t.status, STATUS_TEXT[t.status]));
    if (t.answer !== 'unknown') add(h, el('span', 'badge ' + t.answer, t.answer === 'right' ? 'answer right' : 'wrong answer'));
    add(c, h);
    if (t.problem) add(c, el('p', 'problem', t.problem));
    if (t.train.length > 0) {
      const row = el('div', 'row');
      t.train.forEach((p, k) => add(row, add(el('div', 'group'), gridFigure(p.input, 'demo ' + k + ' in'), gridFigure(p.output, 'out'))));
      add(c, el('h2', '', 'Demo pairs'), row);
    }
    if (t.test.length > 0) {
      const row = el('div', 'row');
      t.test.forEach((p, k) => {
        const g = el('div', 'group test');
        add(g, gridFigure(p.input, 'test ' + k + ' in'));
        const note = p.predicted === 0 ? ' (no prediction: the input)' : '';
        add(g, gridFigure(p.attempts[0], 'attempt 1' + note, p.expected), gridFigure(p.attempts[1], 'attempt 2' + (p.predicted < 2 ? ' (= attempt 1)' : ''), p.expected));
        if (p.expected) add(g, gridFigure(p.expected, 'expected'), el('span', 'verdict ' + (p.right ? 'right' : 'wrong'), p.right ? 'right' : 'wrong'));
        add(row, g);
      });
      add(c, el('h2', '', 'Test inputs and the two attempts submitted'), row);
    }
    if (t.candidate) {
      const row = el('div', 'row');
      t.candidate.outputs.forEach((o, k) => {
        const want = t.train[k].output;
        const g = el('div', 'group');
        if (o === null) add(g, el('span', 'verdict wrong', 'demo ' + k + ': no output (' + t.candidate.pairStatus[k] + ')'));
        else {
          const n = differing(o, want);
          const cap = n === null ? 'shape ' + parseGrid(o).h + 'x' + parseGrid(o).w + ', expected ' + parseGrid(want).h + 'x' + parseGrid(want).w : n === 0 ? 'exact' : n + ' cells differ';
          add(g, gridFigure(o, 'demo ' + k + ' candidate: ' + cap, want));
        }
        add(g, gridFigure(want, 'expected'));
        add(row, g);
      });
      add(c, el('h2', '', 'Best partial candidate on the demo inputs (' + t.candidate.hash.slice(0, 12) + ')'), row);
    }
    if (t.programs.length > 0) {
      add(c, el('h2', '', 'Best stored programs'));
      for (const p of t.programs) {
        const d = el('div', 'prog');
        const meta = 'score ' + fmt(p.score, 3) + ' · partial ' + fmt(p.partial, 3) + ' · work ' + fmt(Math.round(p.work)) + ' fuel · ' + fmt(p.speedUs, 1) + ' µs · ' + p.size + ' steps · origin ' + p.origin + (p.runId ? ' · run ' + p.runId.slice(0, 8) : '') + ' · ' + p.hash;
        const lin = add(el('details'), el('summary', '', 'lineage'), el('pre', '', p.lineage));
        add(c, add(d, el('div', 'meta', meta), el('pre', 'code', p.text), lin));
      }
      if (t.more > 0) add(c, el('div', 'meta', 'and ' + t.more + ' more stored'));
    } else add(c, el('p', 'meta', 'no stored program'));
    c._text = t.programs.map((p) => p.text).join('\n').toLowerCase();
    return c;
  }

  // --- filters -----------------------------------------------------------------------------
  let mode = 'all';
  const MATCH = {
    all: () => true,
    solved: (c) => c.dataset.status === 'solved',
    partial: (c) => c.dataset.status === 'partial',
    unsolved: (c) => c.dataset.status !== 'solved' && c.dataset.status !== 'partial',
    wrong: (c) => c.dataset.answer === 'wrong',
  };
  function filters(cards) {
    const bar = el('div', 'filters');
    const buttons = [];
    for (const [k, label] of [['all', 'all'], ['solved', 'solved'], ['partial', 'partial'], ['unsolved', 'unsolved'], ['wrong', 'wrong answer']]) {
      const b = el('button', '', label + ' (' + cards.filter(MATCH[k]).length + ')');
      b.type = 'button';
      b.dataset.filter = k;
      b.setAttribute('aria-pressed', String(k === mode));
      b.addEventListener('click', () => {
        mode = k;
        for (const x of buttons) x.setAttribute('aria-pressed', String(x === b));
        apply();
      });
      buttons.push(b);
      add(bar, b);
    }
    const id = el('input');
    id.id = 'f-id';
    id.placeholder = 'task id';
    const text = el('input');
    text.id = 'f-text';
    text.placeholder = 'text in programs';
    const shown = el('span');
    shown.id = 'shown';
    function apply() {
      const i = id.value.trim().toLowerCase();
      const s = text.value.trim().toLowerCase();
      let n = 0;
      for (const c of cards) {
        c.hidden = !(MATCH[mode](c) && c.id.toLowerCase().includes(i) && c._text.includes(s));
        if (!c.hidden) n++;
      }
      shown.textContent = n + ' of ' + cards.length + ' tasks shown';
    }
    id.addEventListener('input', apply);
    text.addEventListener('input', apply);
    add(bar, id, text, shown);
    apply();
    return bar;
  }

  // --- page --------------------------------------------------------------------------------
  add(app, summary());
  const cards = data.tasks.map(card);
  add(app, filters(cards));
  const list = el('section');
  list.id = 'cards';
  for (const c of cards) list.appendChild(c);
  add(app, list);

  const seen = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        for (const c of e.target.querySelectorAll('canvas')) paint(c);
        e.target.dataset.painted = 'true';
        seen.unobserve(e.target);
      }
    },
    { rootMargin: '300px 0px' },
  );
  for (const c of cards) seen.observe(c);

  function go() {
    const id = decodeURIComponent(location.hash.slice(1));
    const c = id && document.getElementById(id);
    if (!c || !c.classList.contains('card')) return;
    c.hidden = false;
    c.scrollIntoView();
  }
  window.addEventListener('hashchange', go);
  go();
})();
