/// The one style sheet (`/static/style.css`): readable on a phone, printable, no script needed.
enum Style {
    static let css = """
    :root { --ink: #1d2430; --muted: #5b6574; --line: #d8dde4; --accent: #0b5cad; --bad: #b3261e; --bad-bg: #fdecea;
            --good: #1e6b35; --good-bg: #e7f4ea; --warn: #8a5a00; --warn-bg: #fff4dc; --mark: #fff0a8; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--ink); background: #fff; }
    a { color: var(--accent); }
    header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: #f5f7fa; }
    .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
    header nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
    form.topsearch { display: flex; flex: 1 1 18rem; max-width: 40rem; gap: .4rem; }
    input, select, button { font: inherit; }
    input[type=search], input[type=text], input[type=password], input[type=date] { padding: .35rem .5rem; border: 1px solid #9aa4b1; border-radius: 4px; min-width: 0; }
    form.topsearch input { flex: 1; }
    button { padding: .35rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
    form.logout { display: inline; margin: 0; }
    form.logout button { background: none; color: var(--accent); border: none; padding: 0; text-decoration: underline; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
    footer { max-width: 72rem; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
    h1 { font-size: 1.45rem; margin: .3rem 0 .8rem; }
    h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
    h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
    .muted, .where { color: var(--muted); font-size: .9rem; }
    .error { color: var(--bad); }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 15rem; gap: 1.5rem; }
    @media (max-width: 48rem) { .layout { grid-template-columns: minmax(0, 1fr); } aside.facets { order: 2; } }
    ol.results { padding-left: 1.4rem; }
    ol.results li { margin-bottom: 1rem; }
    .hit-title { font-weight: 600; }
    .snippet { margin: .2rem 0; }
    mark { background: var(--mark); color: inherit; padding: 0 .1em; }
    .suggestion { background: var(--warn-bg); padding: .4rem .6rem; border-radius: 4px; }
    aside.facets h3 { margin-top: .6rem; }
    aside.facets ul { list-style: none; padding: 0; margin: 0; }
    aside.facets li { display: flex; justify-content: space-between; gap: .5rem; }
    .chips a { display: inline-block; margin: 0 .4rem .4rem 0; padding: .1rem .5rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; }
    nav.pages { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
    nav.pages span.current { font-weight: 700; }
    details.more { margin: .5rem 0 1rem; }
    form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .5rem; align-items: end; }
    form.filters label { display: flex; flex-direction: column; font-size: .9rem; }
    table { border-collapse: collapse; width: 100%; }
    .scroll { overflow-x: auto; }
    th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
    table.facts th { width: 11rem; color: var(--muted); font-weight: 600; }
    pre.text { white-space: pre-wrap; word-wrap: break-word; font: inherit; background: #fafbfc; border: 1px solid var(--line); padding: .8rem; border-radius: 4px; }
    a.ref { background: #e8f0fb; text-decoration: none; border-bottom: 1px solid var(--accent); }
    span.ref.external { background: #f1f1f1; border-bottom: 1px dashed var(--muted); }
    .badge { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: .6rem; background: #eceff3; color: var(--muted); margin-left: .25rem; white-space: nowrap; }
    .status { font-weight: 600; white-space: nowrap; }
    .status-overdue, tr.status-overdue td.due { color: var(--bad); }
    tr.status-overdue { background: var(--bad-bg); }
    .status-late { color: var(--warn); }
    .status-fulfilled, .on-time { color: var(--good); }
    .late { color: var(--warn); }
    .counts { display: flex; flex-wrap: wrap; gap: .5rem 1.2rem; padding: 0; list-style: none; }
    ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; margin: 0; }
    ul.tree { padding-left: 0; }
    ul.tree li { margin: .15rem 0; }
    ul.tree ul { border-left: 1px solid var(--line); margin-left: .4rem; }
    ul.tree summary { cursor: pointer; }
    .rel { font-size: .8rem; color: var(--muted); text-transform: uppercase; letter-spacing: .02em; margin-right: .3rem; }
    svg.graph { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
    svg.graph text { font: 11px system-ui, sans-serif; fill: var(--ink); }
    svg.graph rect { fill: #eef3fb; stroke: var(--accent); }
    svg.graph .root rect { fill: #fff4dc; stroke: var(--warn); }
    svg.graph line { stroke: #8895a7; }
    form.login { max-width: 22rem; display: flex; flex-direction: column; gap: .6rem; }
    form.login label { display: flex; flex-direction: column; }
    .board-plan { margin-bottom: 1.5rem; }
    @media print {
      header.top, footer, aside.facets, nav.pages, details.more, form, .noprint { display: none !important; }
      .layout { display: block; }
      main { max-width: none; padding: 0; }
      a { color: inherit; text-decoration: none; }
      pre.text { border: none; background: none; padding: 0; }
      tr.status-overdue { background: none; }
      details > * { display: block; }
    }
    """
}
