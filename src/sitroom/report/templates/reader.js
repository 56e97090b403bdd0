// The evidence reader: a click on an evidence link shows the cleaned article with the evidence
// highlighted. The report carries the article texts in its own page; the dashboard fetches them
// from its JSON API (window.SITROOM_API). Offsets are character offsets into the text.
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;
  const body = reader.querySelector(".text");
  const head = reader.querySelector(".head");

  function show(article, text, start, end, trigger) {
    head.replaceChildren();
    const title = document.createElement("h3");
    title.textContent = article.title || "(untitled)";
    const meta = document.createElement("p");
    meta.className = "note";
    meta.textContent = [article.outlet || "unknown outlet", article.published || "undated",
                        "characters " + start + "–" + end].join(" · ");
    head.append(title, meta);
    if (article.url) {
      const link = document.createElement("a");
      link.href = article.url; link.textContent = article.url; link.rel = "noopener noreferrer";
      head.append(link);
    }
    const mark = document.createElement("mark");
    mark.className = "evidence";
    mark.id = "highlight";
    const inner = text.slice(start, end);
    if (trigger && trigger[0] >= start && trigger[1] <= end && trigger[0] < trigger[1]) {
      const t = document.createElement("mark");
      t.className = "trigger";
      t.textContent = text.slice(trigger[0], trigger[1]);
      mark.append(inner.slice(0, trigger[0] - start), t, inner.slice(trigger[1] - start));
    } else {
      mark.textContent = inner;
    }
    body.replaceChildren(text.slice(0, start), mark, text.slice(end));
    reader.classList.add("open");
    mark.scrollIntoView({block: "center"});
  }

  async function open(link) {
    const id = link.dataset.article;
    const start = parseInt(link.dataset.start, 10), end = parseInt(link.dataset.end, 10);
    const trigger = link.dataset.trigger ? link.dataset.trigger.split(",").map(Number) : null;
    const local = document.querySelector('[data-article-text="' + CSS.escape(id) + '"]');
    if (local) {
      show({title: local.dataset.title, outlet: local.dataset.outlet, published: local.dataset.published,
            url: local.dataset.url}, local.textContent, start, end, trigger);
      return true;
    }
    if (window.SITROOM_API) {
      const response = await fetch(window.SITROOM_API + "/articles/" + encodeURIComponent(id));
      if (!response.ok) return false;
      const article = await response.json();
      show(article, article.text, start, end, trigger);
      return true;
    }
    return false;
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a.evidence");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    open(link).then(function (shown) { if (!shown) window.location.href = link.href; });
  });
  reader.querySelector(".close").addEventListener("click", function () { reader.classList.remove("open"); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") reader.classList.remove("open"); });
})();
