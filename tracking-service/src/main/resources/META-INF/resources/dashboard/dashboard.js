/*
 * EcoEval dashboard: plain JS, no build, no CDN. Reads the contract endpoints of tracking-service with the session
 * of the signed-in person (status with ETag, alerts) and the score through /dashboard/api (fetched from
 * scoring-service server-side). Polls every 3 s with If-None-Match: an unchanged status costs a 304.
 */
(function () {
  'use strict';

  var POLL_MS = 3000;
  var ALERTS_EVERY = 10; // polls; alerts are also re-read whenever the status changes

  var INDICATORS = {
    'EQI.VALUE': '生态质量指数 EQI',
    'EQI.PATTERN': '生态格局指数',
    'EQI.FUNCTION': '生态功能指数',
    'EQI.BIODIVERSITY': '生物多样性指数',
    'EQI.STRESS': '生态胁迫指数',
    'ENV.WATER.CLASS_III_RATIO': '达到或优于Ⅲ类水质比例',
    'ENV.WATER.QUALITY_INDEX': '地表水水质指数',
    'ENV.AIR.GOOD_DAYS_RATIO': '空气质量优良天数比例',
    'ENV.AIR.COMPOSITE_INDEX': '空气质量综合指数',
    'ENV.SOIL.SAFE_POINT_RATIO': '土壤质量安全点位比例'
  };
  var LEVELS = { REMINDER: '提醒', OVERDUE: '逾期', ESCALATED: '督办' };
  var ROLES = { bureau: '生态环境分局', supervisor: '领导小组', leader: '旗委、政府领导', admin: '管理员', 'unit-head': '单位负责人', department: '成员单位' };
  var COMPONENTS = [
    { key: 'technical', label: '技术 ΔEI′' },
    { key: 'management', label: '管理 EM′管理' },
    { key: 'remoteSensing', label: '遥感 EM′遥感' },
    { key: 'events', label: '事件 EM′事件' }
  ];

  var state = { evaluation: null, etags: {}, score: {}, polls: 0, previousRows: {} };
  document.documentElement.setAttribute('data-page-instance', String(Date.now()) + '-' + Math.random().toString(36).slice(2));

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'class') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c != null) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) { node.textContent = text; }
    return node;
  }

  function banner(message, isError) {
    var b = $('banner');
    if (!message) { b.hidden = true; return; }
    b.hidden = false;
    b.className = 'banner' + (isError ? ' error' : '');
    b.textContent = message;
  }

  function fmtTime(iso) {
    if (!iso) { return '—'; }
    var d = new Date(iso);
    var parts = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
    var p = {};
    parts.forEach(function (x) { p[x.type] = x.value; });
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute;
  }

  /** A deadline is the end of its day: 00:00 of the next day is shown as 24:00 of the day, as the plan says it. */
  function fmtDue(iso) {
    if (!iso) { return '—'; }
    var text = fmtTime(iso);
    if (text.slice(-5) !== '00:00') { return text; }
    return fmtTime(new Date(new Date(iso).getTime() - 60000).toISOString()).slice(0, 10) + ' 24:00';
  }

  function fmtSigned(value, digits) {
    if (value === null || value === undefined) { return '—'; }
    var n = Number(value);
    var s = n.toFixed(digits);
    return (n > 0 ? '+' : '') + s;
  }

  /** GET with the session; If-None-Match when a tag is kept under `key`. Resolves {changed, body}. */
  function getJson(url, key) {
    var headers = { 'Accept': 'application/json', 'X-Requested-With': 'JavaScript' };
    if (key && state.etags[key]) { headers['If-None-Match'] = state.etags[key]; }
    return fetch(url, { headers: headers, cache: 'no-store', credentials: 'same-origin' }).then(function (r) {
      if (r.status === 304) { return { changed: false }; }
      if (r.status === 499 || r.status === 401) {
        banner('登录已过期，正在重新登录…', true);
        setTimeout(function () { window.location.reload(); }, 1500);
        throw new Error('session expired');
      }
      return r.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!r.ok) {
          var err = new Error((body && (body.detail || body.title)) || ('HTTP ' + r.status));
          err.status = r.status;
          throw err;
        }
        if (key) { state.etags[key] = r.headers.get('ETag'); }
        return { changed: true, body: body };
      });
    });
  }

  // ---- score ----------------------------------------------------------------------------------

  function gradeClass(grade) {
    if (!grade) { return ''; }
    if (grade.indexOf('变好') >= 0) { return 'better'; }
    if (grade.indexOf('变差') >= 0) { return 'worse'; }
    return '';
  }

  function renderCard(reading, s) {
    var card = $('card-' + reading);
    var delta = card.querySelector('.delta');
    var grade = card.querySelector('.grade');
    var meta = card.querySelector('.meta');
    if (!s || s.deltaEI === null || s.deltaEI === undefined) {
      delta.textContent = '—';
      grade.textContent = s && s.pending ? '尚无分数' : '—';
      grade.className = 'grade';
      meta.textContent = s && s.pending ? s.pending : '';
      return;
    }
    delta.textContent = fmtSigned(s.deltaEIRounded, 2);
    grade.textContent = s.grade + (s.veto ? '（一票否决）' : '');
    grade.className = 'grade ' + gradeClass(s.grade);
    var parts = [];
    if (s.rollup) { parts.push('总体：' + s.rollup); }
    var exact = String(s.deltaEI);
    parts.push('精确值 ' + (exact.length > 12 ? exact.slice(0, 12) + '…' : exact));
    if (s.eqiClass) { parts.push('EQI ' + (s.eqi != null ? Number(s.eqi).toFixed(2) + ' ' : '') + s.eqiClass); }
    parts.push(s.complete ? '数据齐全' : '尚缺 ' + (s.missing || []).length + ' 项');
    if (s.basis) { parts.push('依据 ' + s.basis.eventCount + ' 个事件'); }
    meta.textContent = parts.join(' · ');
  }

  function componentValue(s, key) {
    if (!s || !s[key] || s[key].value === null || s[key].value === undefined) { return null; }
    return Number(s[key].value);
  }

  function renderChart() {
    var readings = ['provisional', 'confirmed'];
    var max = 0.5;
    COMPONENTS.forEach(function (c) {
      readings.forEach(function (r) {
        var v = componentValue(state.score[r], c.key);
        if (v !== null) { max = Math.max(max, Math.abs(v)); }
      });
    });
    max = Math.ceil(max * 2) / 2;
    var W = 560, left = 110, right = 60, top = 10, rowH = 44, barH = 15;
    var H = top + COMPONENTS.length * rowH + 24;
    var plotW = W - left - right;
    var zero = left + plotW / 2;
    var scale = (plotW / 2) / max;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'ΔEI 四项构成' });
    [-max, -max / 2, 0, max / 2, max].forEach(function (t) {
      var x = zero + t * scale;
      root.appendChild(svg('line', { x1: x, x2: x, y1: top, y2: H - 20, 'class': t === 0 ? 'axis' : 'grid' }));
      root.appendChild(svg('text', { x: x, y: H - 6, 'text-anchor': 'middle' }, (t > 0 ? '+' : '') + t));
    });
    COMPONENTS.forEach(function (c, i) {
      var y0 = top + i * rowH + 5;
      root.appendChild(svg('text', { x: 4, y: y0 + barH + 4 }, c.label));
      readings.forEach(function (r, j) {
        var v = componentValue(state.score[r], c.key);
        var y = y0 + j * (barH + 2);
        if (v === null) {
          root.appendChild(svg('text', { x: zero + 4, y: y + barH - 3, 'class': 'muted' }, '—'));
          return;
        }
        var w = Math.max(1, Math.abs(v) * scale);
        var x = v >= 0 ? zero : zero - w;
        var bar = svg('rect', { x: x, y: y, width: w, height: barH, rx: 2, 'class': r, 'data-component': c.key, 'data-reading': r, 'data-value': String(v) });
        bar.appendChild(svg('title', {}, (r === 'provisional' ? '暂定 ' : '确认 ') + c.label + ' ' + fmtSigned(v, 3)));
        root.appendChild(bar);
        root.appendChild(svg('text', { x: v >= 0 ? x + w + 4 : x - 4, y: y + barH - 3, 'text-anchor': v >= 0 ? 'start' : 'end' }, fmtSigned(v, 3)));
      });
    });
    var chart = $('chart');
    chart.textContent = '';
    chart.appendChild(root);
  }

  function renderMissing() {
    var list = $('missing-list');
    var p = state.score.provisional, c = state.score.confirmed;
    list.textContent = '';
    if (!p && !c) { list.appendChild(el('li', { 'class': 'muted', text: '分数暂不可用' })); return; }
    var provisional = (p && p.missing) || [];
    var confirmed = (c && c.missing) || [];
    var all = provisional.slice();
    confirmed.forEach(function (m) { if (all.indexOf(m) < 0) { all.push(m); } });
    if (all.length === 0) { list.appendChild(el('li', { text: '计分所需数据已齐全' })); return; }
    all.forEach(function (code) {
      var onlyConfirmed = provisional.indexOf(code) < 0;
      list.appendChild(el('li', { 'data-indicator': code }, [
        (INDICATORS[code] || code) + ' ', el('code', { text: code }),
        onlyConfirmed ? el('span', { 'class': 'tag', text: '已报送，待受理' }) : el('span', { 'class': 'tag', text: '两年数据未齐' })
      ]));
    });
  }

  function pollScore() {
    if (!state.evaluation) { return Promise.resolve(); }
    return Promise.all(['provisional', 'confirmed'].map(function (reading) {
      return getJson('api/evaluations/' + encodeURIComponent(state.evaluation) + '/score?reading=' + reading, 'score-' + reading)
        .then(function (r) {
          if (r.changed) { state.score[reading] = r.body; return true; }
          return false;
        }).catch(function (e) {
          if (e.status === 503 || e.status === 404 || e.status === 403) { state.score[reading] = { pending: e.message }; return true; }
          throw e;
        });
    })).then(function (changed) {
      if (changed[0] || changed[1]) {
        renderCard('provisional', state.score.provisional);
        renderCard('confirmed', state.score.confirmed);
        renderChart();
        renderMissing();
      }
    });
  }

  // ---- status ---------------------------------------------------------------------------------

  function pct(v) { return v === null || v === undefined ? 0 : Math.round(Number(v) * 100); }

  function statusRow(r, isTotal) {
    var completion = pct(r.completion);
    var tr = el(isTotal ? 'tr' : 'tr', { 'data-department': r.department || 'TOTAL' }, [
      el('td', { 'class': 'name' }, [isTotal ? '全旗合计' : r.department, isTotal ? null : el('small', { text: r.name || '' })]),
      el('td', { 'class': 'n total', text: String(r.total) }),
      el('td', { 'class': 'n submitted', text: String(r.submitted) }),
      el('td', { 'class': 'n accepted', text: String(r.accepted) }),
      el('td', { 'class': 'n returned' + (r.returned > 0 ? ' warn' : ''), text: String(r.returned || 0) }),
      el('td', { 'class': 'n late' + (r.late > 0 ? ' warn' : ''), text: String(r.late) }),
      el('td', { 'class': 'n overdue' + (r.overdue > 0 ? ' bad' : ''), text: String(r.overdue) }),
      el('td', { 'class': 'completion' }, [el('span', { 'class': 'bar' }, [el('i', { style: 'width:' + completion + '%' })]), completion + '%']),
      // required materials handed in / required: 100 % completion with materials missing shows here
      el('td', { 'class': 'n materials' + ((r.materialsProvided || 0) < (r.materialsRequired || 0) ? ' warn' : ''),
                 text: (r.materialsProvided || 0) + '/' + (r.materialsRequired || 0) }),
      el('td', { 'class': 'next-due', text: r.nextDueAt ? fmtDue(r.nextDueAt) : '—' })
    ]);
    var fingerprint = JSON.stringify(r);
    var key = r.department || 'TOTAL';
    if (state.previousRows[key] && state.previousRows[key] !== fingerprint) { tr.className = 'changed'; }
    state.previousRows[key] = fingerprint;
    return tr;
  }

  function renderChips(target, rows, count, cls, none) {
    target.textContent = '';
    var shown = rows.filter(function (r) { return count(r) > 0; });
    if (shown.length === 0) { target.textContent = none; return; }
    shown.forEach(function (r) {
      target.appendChild(el('span', { 'class': cls, title: r.name || '', 'data-department': r.department, text: r.department + ' ' + count(r) }));
    });
  }

  function renderStatus(s) {
    var year = state.evaluation.split('-')[1];
    $('evaluation-label').textContent = s.county + ' ' + year + ' 年度（' + state.evaluation + '，计划第 ' + s.planVersion + ' 版）';
    $('title').textContent = s.county + ' · 县域生态环境质量监测评价工作看板';
    document.title = s.county + ' ' + year + ' · 工作看板';
    var tbody = $('status-table').querySelector('tbody');
    tbody.textContent = '';
    var rows = s.departments.slice().sort(function (a, b) {
      return (b.overdue - a.overdue) || (Number(a.completion || 0) - Number(b.completion || 0)) || a.department.localeCompare(b.department);
    });
    rows.forEach(function (r) { tbody.appendChild(statusRow(r, false)); });
    renderChips($('pending-list'), s.departments, function (r) { return r.submitted - r.accepted; }, '', '没有待受理的材料');
    renderChips($('overdue-list'), s.departments, function (r) { return r.overdue; }, 'bad', '没有超期未交的任务');
    var tfoot = $('status-table').querySelector('tfoot');
    tfoot.textContent = '';
    tfoot.appendChild(statusRow(s.totals, true));
  }

  function pollStatus() {
    if (!state.evaluation) { return Promise.resolve(false); }
    return getJson('/api/v1/evaluations/' + encodeURIComponent(state.evaluation) + '/status', 'status').then(function (r) {
      if (r.changed) { renderStatus(r.body); }
      return r.changed;
    });
  }

  // ---- alerts ---------------------------------------------------------------------------------

  function renderAlerts(alerts) {
    $('alert-count').textContent = '共 ' + alerts.length + ' 条';
    var levels = $('alert-levels');
    levels.textContent = '';
    var counts = {};
    alerts.forEach(function (a) { counts[a.level] = (counts[a.level] || 0) + 1; });
    Object.keys(LEVELS).forEach(function (l) {
      if (counts[l]) { levels.appendChild(el('span', { 'class': 'level ' + l, text: LEVELS[l] + ' ' + counts[l] })); }
    });
    var tbody = $('alert-table').querySelector('tbody');
    tbody.textContent = '';
    if (alerts.length === 0) { tbody.appendChild(el('tr', {}, [el('td', { colspan: '5', 'class': 'muted', text: '没有未确认的提醒' })])); return; }
    alerts.slice(0, 12).forEach(function (a) {
      tbody.appendChild(el('tr', {}, [
        el('td', {}, [el('span', { 'class': 'level ' + a.level, text: LEVELS[a.level] || a.level })]),
        el('td', { text: a.department }), el('td', { text: a.taskId }),
        el('td', { text: fmtDue(a.dueAt) }), el('td', { text: fmtTime(a.raisedAt) })
      ]));
    });
    if (alerts.length > 12) { tbody.appendChild(el('tr', {}, [el('td', { colspan: '5', 'class': 'muted', text: '另有 ' + (alerts.length - 12) + ' 条…' })])); }
  }

  function pollAlerts() {
    return getJson('/api/v1/evaluations/' + encodeURIComponent(state.evaluation) + '/alerts?state=OPEN', null)
      .then(function (r) { renderAlerts(r.body || []); })
      .catch(function (e) { if (e.status === 403) { $('alert-count').textContent = '（无权查看）'; } else { throw e; } });
  }

  // ---- what to chase first --------------------------------------------------------------------

  var INPUT_STATES = { MISSING: '缺失', PROVISIONAL: '待受理' };

  function renderChase(items) {
    var tbody = $('chase-table').querySelector('tbody');
    tbody.textContent = '';
    if (items.length === 0) { tbody.appendChild(el('tr', {}, [el('td', { colspan: '7', 'class': 'muted', text: '没有会改变 ΔEI 的缺失输入' })])); return; }
    items.forEach(function (i) {
      tbody.appendChild(el('tr', { 'data-input': i.input }, [
        el('td', { 'class': 'input' }, [i.name, el('small', { text: i.input })]),
        el('td', {}, [el('span', { 'class': 'state ' + i.state, text: INPUT_STATES[i.state] || i.state })]),
        el('td', { 'class': 'n swing', text: fmtSigned(i.swing, 3).replace('+', '±') }),
        el('td', { 'class': 'department', text: i.department || '—' }),
        el('td', { 'class': 'task', text: i.task || '—' }),
        el('td', { 'class': 'owner', text: i.owner || '—' }),
        el('td', { 'class': 'due', text: i.dueAt ? fmtDue(i.dueAt) : '—' })
      ]));
    });
  }

  function pollChase() {
    return getJson('api/evaluations/' + encodeURIComponent(state.evaluation) + '/chase', null)
      .then(function (r) { renderChase(r.body || []); })
      .catch(function (e) { if (e.status !== 503 && e.status !== 403) { throw e; } });
  }

  // ---- the self-check report ------------------------------------------------------------------

  var REPORT_STATES = { DRAFT: '草稿', AWAITING_SIGN_OFF: '待领导签发', SIGNED: '已签发', RETURNED: '已退回', SENT: '已报送自治区' };
  var REPORT_ACTIONS = { GENERATE: '生成', SUBMIT: '提交审核', SIGN_OFF: '签发', RETURN: '退回', SENT: '报送' };

  /** A change through /dashboard/api (the session authorises changes only there, for this script's requests). */
  function postJson(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/json', 'X-Requested-With': 'JavaScript' },
      body: JSON.stringify(body || {}) }).then(function (r) {
      return r.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        if (!r.ok) {
          var err = new Error((parsed && (parsed.detail || parsed.title)) || ('HTTP ' + r.status));
          err.status = r.status;
          throw err;
        }
        return parsed;
      });
    });
  }

  /** Today's date in the county's time zone, as the API's dates are written (yyyy-MM-dd). */
  function todayInShanghai() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date());
  }

  function reportAction(path, body, done) {
    $('report-message').textContent = '处理中…';
    postJson('api/evaluations/' + encodeURIComponent(state.evaluation) + '/reports' + path, body)
      .then(function (v) { $('report-message').textContent = done + '（第 ' + v.version + ' 版：' + (REPORT_STATES[v.state] || v.state) + '）'; })
      .catch(function (e) { $('report-message').textContent = '未完成：' + e.message; })
      .then(pollReports);
  }

  function renderReports(versions) {
    var tbody = $('report-table').querySelector('tbody');
    tbody.textContent = '';
    if (versions.length === 0) { tbody.appendChild(el('tr', {}, [el('td', { colspan: '8', 'class': 'muted', text: '尚未生成自查报告' })])); }
    versions.forEach(function (v) {
      var score = (v.score && v.score.provisional) || {};
      var links = el('td', { 'class': 'links' }, [
        el('a', { href: v.links.pdf, 'class': 'pdf', text: 'PDF' }), ' ', el('a', { href: v.links.docx, 'class': 'docx', text: 'Word' })]);
      if (v.links['package']) { links.appendChild(document.createTextNode(' ')); links.appendChild(el('a', { href: v.links['package'], 'class': 'package', text: '数据包' })); }
      var buttons = el('td', { 'class': 'buttons' });
      (v.actions || []).forEach(function (a) {
        if (a === 'submit') {
          var b = el('button', { type: 'button', 'class': 'submit', text: '提交审核' });
          b.addEventListener('click', function () { reportAction('/' + v.version + '/submit', null, '已提交领导审核'); });
          buttons.appendChild(b);
        } else if (a === 'sign-off') {
          var s = el('button', { type: 'button', 'class': 'sign-off', text: '签发' });
          s.addEventListener('click', function () { reportAction('/' + v.version + '/sign-off', { approve: true }, '已签发，数据包已生成'); });
          buttons.appendChild(s);
        } else if (a === 'return') {
          var r = el('button', { type: 'button', 'class': 'return', text: '退回' });
          r.addEventListener('click', function () {
            var comment = window.prompt('退回意见（必填）：');
            if (comment) { reportAction('/' + v.version + '/sign-off', { approve: false, comment: comment }, '已退回'); }
          });
          buttons.appendChild(r);
        } else if (a === 'sent') {
          var t = el('button', { type: 'button', 'class': 'sent', text: '记录报送' });
          t.addEventListener('click', function () {
            var sentOn = window.prompt('报送自治区的日期（年-月-日）：', todayInShanghai());
            if (!sentOn) { return; }
            var reference = window.prompt('报送文号或回执编号（必填）：');
            if (reference) { reportAction('/' + v.version + '/sent', { sentOn: sentOn.trim(), reference: reference }, '已记录报送'); }
          });
          buttons.appendChild(t);
        }
      });
      var steps = (v.steps || []).map(function (s) {
        return (REPORT_ACTIONS[s.action] || s.action) + ' ' + s.actor + ' ' + fmtTime(s.at) + (s.comment ? '：' + s.comment : '');
      });
      tbody.appendChild(el('tr', { 'data-version': String(v.version), 'data-state': v.state }, [
        el('td', { 'class': 'n', text: String(v.version) }),
        el('td', { 'class': 'state', text: REPORT_STATES[v.state] || v.state }),
        el('td', { text: fmtTime(v.asOf) }),
        el('td', { 'class': 'n', text: score.deltaEIRounded == null ? '—' : String(score.deltaEIRounded) }),
        el('td', { text: score.grade || '—' }),
        el('td', { 'class': 'steps' }, steps.map(function (t) { return el('div', { text: t }); })),
        links, buttons
      ]));
    });
  }

  function pollReports() {
    return getJson('/api/v1/evaluations/' + encodeURIComponent(state.evaluation) + '/reports', null)
      .then(function (r) { renderReports(r.body || []); })
      .catch(function (e) { if (e.status === 403) { $('report-table').querySelector('tbody').textContent = ''; } else { throw e; } });
  }

  // ---- the loop -------------------------------------------------------------------------------

  function live(ok, message) {
    var l = $('live');
    l.className = 'live' + (ok ? '' : ' down');
    l.textContent = ok ? '● 实时' : '● ' + message;
    if (ok) { $('updated').textContent = '最后检查 ' + new Date().toLocaleTimeString('zh-CN', { hour12: false }); }
  }

  function tick() {
    state.polls++;
    pollStatus().then(function (changed) {
      var work = [pollScore()];
      if (changed || state.polls % ALERTS_EVERY === 1) { work.push(pollAlerts()); work.push(pollChase()); work.push(pollReports()); }
      return Promise.all(work);
    }).then(function () {
      live(true);
      if (!$('banner').classList.contains('error')) { banner(null); }
    }).catch(function (e) {
      if (e.status === 403) {
        banner('您的账号没有查看本评价的权限（看板供生态环境分局、领导小组和管理员使用）。', true);
      } else if (e.message !== 'session expired') {
        live(false, '连接中断，重试中（' + e.message + '）');
      }
    }).then(function () { setTimeout(tick, POLL_MS); });
  }

  function chooseEvaluation(me) {
    var wanted = new URLSearchParams(window.location.search).get('evaluation');
    var list = me.evaluations || [];
    if (wanted) { return wanted; }
    var own = list.filter(function (e) { return !me.county || e.county === me.county; });
    return (own[0] || list[0] || {}).evaluationId || null;
  }

  getJson('api/me', null).then(function (r) {
    var me = r.body;
    var roles = (me.roles || []).filter(function (r) { return ROLES[r]; }).map(function (r) { return ROLES[r]; });
    $('user').textContent = me.name + '（' + (roles.join('、') || '无 EcoEval 角色') + (me.county ? ' · ' + me.county : ' · 全区') + '）';
    state.evaluation = chooseEvaluation(me);
    var generate = $('report-generate');
    if ((me.roles || []).indexOf('bureau') >= 0 || (me.roles || []).indexOf('admin') >= 0) {
      generate.hidden = false;
      generate.addEventListener('click', function () { reportAction('', null, '已生成'); });
    }
    var select = $('evaluation-select');
    if ((me.evaluations || []).length > 1) {
      select.hidden = false;
      me.evaluations.forEach(function (e) {
        var o = el('option', { value: e.evaluationId, text: e.evaluationId });
        if (e.evaluationId === state.evaluation) { o.selected = true; }
        select.appendChild(o);
      });
      select.addEventListener('change', function () { window.location.search = '?evaluation=' + encodeURIComponent(select.value); });
    }
    if (!state.evaluation) {
      banner('还没有登记任何评价计划（PUT /api/v1/evaluations/{id}/plan）。', false);
      return;
    }
    tick();
  }).catch(function (e) {
    if (e.message !== 'session expired') { banner('看板无法加载：' + e.message, true); }
  });
}());
