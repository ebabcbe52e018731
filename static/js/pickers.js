// Pickers: search-as-you-type selects (Tom Select, loaded by base.html) and tree pickers.
//
//   <select data-picker="enterprise|user|agency" data-url="…">  → remote search: nothing is loaded
//     until the user types; each answer row is {id, text, sub} ("sub": region and code, agency …).
//   <select data-picker="region-tree|industry-tree" data-url="…"> → a tree opened level by level
//     (?parent=<code>) or searched by name (?q=); shows Chinese names, submits the code.
//
// The server renders only the selected option(s) (core/widgets.py); the words shown here come from
// the element's data-texts (translated on the server).
(function () {
  "use strict";

  const DEFAULT_TEXTS = {
    all: "全部",
    search: "输入名称搜索",
    loading: "正在加载…",
    empty: "没有找到",
    error: "加载失败，请重试",
    more: "结果较多，请输入更完整的名称或代码",
    expand: "展开",
  };

  function texts(el) {
    try {
      return Object.assign({}, DEFAULT_TEXTS, JSON.parse(el.dataset.texts || "{}"));
    } catch (e) {
      return DEFAULT_TEXTS;
    }
  }

  function escapeHtml(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, (c) => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    })[c]);
  }

  function withParam(url, key, value) {
    return url + (url.indexOf("?") >= 0 ? "&" : "?") + encodeURIComponent(key) + "=" + encodeURIComponent(value);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  // --- Remote search (Tom Select) -------------------------------------------------------------
  function remotePicker(el) {
    if (el.tomselect || typeof TomSelect === "undefined") return;
    const t = texts(el);
    const minChars = parseInt(el.dataset.minChars || "1", 10);
    const multiple = el.multiple;
    let lastMore = false;
    const settings = {
      valueField: "id",
      labelField: "text",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 250,
      // React to each keystroke at once (the request itself waits for loadThrottle), so the
      // answers of the previous query are gone before anything can be clicked.
      refreshThrottle: 0,
      placeholder: el.dataset.placeholder || t.search,
      closeAfterSelect: true,
      plugins: multiple ? ["remove_button"] : [],
      shouldLoad: (query) => query.trim().length >= minChars,
      // The server already matched (name or code): keep its order, filter nothing out; with an
      // empty box show nothing (not every option loaded by earlier searches).
      score: (search) => (search && search.trim() ? () => 1 : () => 0),
      load: function (query, callback) {
        const self = this;
        getJSON(withParam(el.dataset.url, "q", query.trim()))
          .then((data) => {
            // An answer to an older query (the user typed on, or already picked): drop it.
            if (self.inputValue().trim() !== query.trim()) return callback();
            lastMore = !!data.more;
            callback(data.results || []);
          })
          .catch(() => callback());
      },
      render: {
        option: (data, escape) =>
          '<div class="picker-option"><div>' + escape(data.text) + "</div>" +
          (data.sub ? '<div class="small text-muted">' + escape(data.sub) + "</div>" : "") + "</div>",
        item: (data, escape) =>
          '<div title="' + escape(data.sub || "") + '">' + escape(data.text) +
          (data.sub && !multiple ? ' <span class="small text-muted picker-sub">' + escape(data.sub) + "</span>" : "") +
          "</div>",
        no_results: () => '<div class="no-results">' + escapeHtml(t.empty) + "</div>",
        loading: () => '<div class="p-2 small text-muted">' + escapeHtml(t.loading) + "</div>",
        dropdown_header: () => (lastMore ? '<div class="p-2 small text-muted border-bottom">' + escapeHtml(t.more) + "</div>" : ""),
      },
    };
    const ts = new TomSelect(el, settings);
    ts.wrapper.classList.add("picker", "picker-" + el.dataset.picker);
    // A new query: forget the answers of the last one, so that nothing stale can be picked.
    ts.on("type", () => {
      lastMore = false;
      ts.clearOptions();
      ts.refreshOptions(false);
    });
    return ts;
  }

  // --- Tree picker ----------------------------------------------------------------------------
  function treePicker(select) {
    if (select.dataset.treeReady) return;
    select.dataset.treeReady = "1";
    const t = texts(select);
    const url = select.dataset.url;
    const wrapper = document.createElement("div");
    wrapper.className = "tree-picker position-relative";
    wrapper.dataset.kind = select.dataset.picker;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "form-select text-start tree-picker-toggle text-truncate";
    button.setAttribute("aria-haspopup", "tree");
    button.setAttribute("aria-expanded", "false");
    if (select.id) {
      button.id = select.id + "-picker";
      document.querySelectorAll('label[for="' + select.id + '"]').forEach((l) => l.setAttribute("for", button.id));
    }
    const panel = document.createElement("div");
    panel.className = "tree-picker-panel dropdown-menu p-2 shadow";
    panel.innerHTML =
      '<input type="search" class="form-control form-control-sm mb-2 tree-search" autocomplete="off">' +
      '<button type="button" class="btn btn-sm btn-link p-0 mb-1 tree-all"></button>' +
      '<div class="tree-status small text-muted"></div>' +
      '<ul class="tree-list list-unstyled mb-0" role="tree"></ul>';
    const search = panel.querySelector(".tree-search");
    search.placeholder = t.search;
    panel.querySelector(".tree-all").textContent = t.all;
    const status = panel.querySelector(".tree-status");
    const list = panel.querySelector(".tree-list");
    select.classList.add("d-none");
    select.setAttribute("tabindex", "-1");
    select.after(wrapper);
    wrapper.append(button, panel, select);

    function current() {
      const option = select.options[select.selectedIndex];
      return option && option.value ? option : null;
    }
    function showLabel() {
      const option = current();
      button.textContent = option ? option.textContent : t.all;
      button.classList.toggle("text-muted", !option);
    }
    function choose(code, name) {
      [...select.options].forEach((o) => {
        if (o.value) o.remove();
      });
      if (code) select.add(new Option(name, code, true, true));
      else select.value = "";
      showLabel();
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
      button.focus();
    }
    function node(row, withPath) {
      const li = document.createElement("li");
      li.className = "tree-node";
      li.setAttribute("role", "treeitem");
      const line = document.createElement("div");
      line.className = "d-flex align-items-center gap-1";
      const toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "btn btn-sm btn-link p-0 tree-expand text-decoration-none";
      toggle.setAttribute("aria-label", t.expand + " " + row.name);
      toggle.textContent = row.has_children ? "▸" : "";
      toggle.disabled = !row.has_children;
      const name = document.createElement("button");
      name.type = "button";
      name.className = "btn btn-sm btn-link text-start text-decoration-none tree-name p-0";
      name.dataset.code = row.code;
      name.textContent = withPath && row.path_name ? row.path_name : row.name;
      name.addEventListener("click", () => choose(row.code, row.name));
      const children = document.createElement("ul");
      children.className = "list-unstyled ms-3 mb-0";
      children.hidden = true;
      toggle.addEventListener("click", () => {
        if (!children.hidden) {
          children.hidden = true;
          toggle.textContent = "▸";
          li.setAttribute("aria-expanded", "false");
          return;
        }
        children.hidden = false;
        toggle.textContent = "▾";
        li.setAttribute("aria-expanded", "true");
        if (!children.dataset.loaded) {
          children.dataset.loaded = "1";
          children.innerHTML = '<li class="small text-muted">' + escapeHtml(t.loading) + "</li>";
          getJSON(withParam(url, "parent", row.code))
            .then((data) => fill(children, data.results || [], false))
            .catch(() => {
              children.dataset.loaded = "";
              children.innerHTML = '<li class="small text-danger">' + escapeHtml(t.error) + "</li>";
            });
        }
      });
      line.append(toggle, name);
      li.append(line, children);
      return li;
    }
    function fill(target, rows, withPath) {
      target.innerHTML = "";
      if (!rows.length) target.innerHTML = '<li class="small text-muted">' + escapeHtml(t.empty) + "</li>";
      rows.forEach((row) => target.append(node(row, withPath)));
    }
    function loadRoots() {
      status.textContent = t.loading;
      getJSON(url)
        .then((data) => {
          status.textContent = "";
          fill(list, data.results || [], false);
          // A single root (an official's own region): open it at once.
          const only = list.querySelectorAll(":scope > li");
          if (only.length === 1) {
            const expand = only[0].querySelector(".tree-expand");
            if (!expand.disabled) expand.click();
          }
        })
        .catch(() => {
          status.textContent = t.error;
        });
    }
    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      const q = search.value.trim();
      timer = setTimeout(() => {
        if (!q) {
          loadRoots();
          return;
        }
        status.textContent = t.loading;
        getJSON(withParam(url, "q", q))
          .then((data) => {
            status.textContent = data.more ? t.more : "";
            fill(list, data.results || [], true);
          })
          .catch(() => {
            status.textContent = t.error;
          });
      }, 250);
    });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        const first = list.querySelector(".tree-name");
        if (first) first.click();
      }
    });
    panel.querySelector(".tree-all").addEventListener("click", () => choose("", ""));
    function open() {
      panel.classList.add("show");
      button.setAttribute("aria-expanded", "true");
      // Keep the panel on the screen when the picker sits at the right edge (phone, right column).
      panel.style.left = "";
      panel.style.right = "";
      if (panel.getBoundingClientRect().right > document.documentElement.clientWidth) {
        panel.style.left = "auto";
        panel.style.right = "0";
      }
      if (!list.dataset.loaded) {
        list.dataset.loaded = "1";
        loadRoots();
      }
      search.focus();
    }
    function close() {
      panel.classList.remove("show");
      button.setAttribute("aria-expanded", "false");
    }
    button.addEventListener("click", () => (panel.classList.contains("show") ? close() : open()));
    document.addEventListener("click", (e) => {
      if (!wrapper.contains(e.target)) close();
    });
    wrapper.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        close();
        button.focus();
      }
    });
    showLabel();
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach((el) => {
      const kind = el.dataset.picker;
      if (kind.endsWith("-tree")) treePicker(el);
      else remotePicker(el);
    });
  }

  window.AppPickers = { init: init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => init());
  else init();
})();
