"""The chat page's CSS and JavaScript."""

from __future__ import annotations

import json

CSS = """
#source-panel mark, #document-view mark { background: #ffe58a; padding: 0 2px; }
#document-view, #document-text .document-body { white-space: pre-wrap; }
#source-panel .source-head { font-weight: 600; margin-bottom: .4em; }
table.glossary td, table.glossary th { vertical-align: top; padding: 4px 8px; }
a.cite { text-decoration: none; font-weight: 600; cursor: pointer; }
#chat .unverified { opacity: .7; }
/* The documents table: every column on screen, long text wrapped, the page's own font. */
table.documents { width: 100%; table-layout: fixed; border-collapse: collapse; }
table.documents th, table.documents td {
  vertical-align: top; padding: 6px 8px; text-align: left; font-family: inherit;
  overflow-wrap: anywhere; white-space: normal; border-bottom: 1px solid #e5e7eb;
}
table.documents th.title { width: 30%; } table.documents th.date { width: 7.5em; }
table.documents th.source { width: 14%; } table.documents th.chunks { width: 5em; }
#document-text .document-meta { color: #6b7280; margin-top: 0; }
/* Gradio's own English chrome: the footer (API page, "Built with Gradio", settings) and its
   queue/ETA text; the chat shows its own Vietnamese waiting text instead. */
footer, .progress-text, .meta-text, .meta-text-center, .eta-bar { display: none !important; }
#cite-bridge { display: none; }
"""

# Gradio's built-in labels that no setting reaches, in Vietnamese (tooltips and screen reader
# labels of the chat's buttons).
LABELS = {
    "Like": "Hữu ích",
    "Liked": "Đã đánh giá hữu ích",
    "Dislike": "Không hữu ích",
    "Disliked": "Đã đánh giá không hữu ích",
    "Copy message": "Chép câu trả lời",
    "Copied message": "Đã chép",
    "Copy conversation": "Chép cuộc trò chuyện",
    "Copy": "Chép",
    "Copied": "Đã chép",
    "Clear": "Xoá cuộc trò chuyện",
    "chatbot conversation": "cuộc trò chuyện",
    "More tabs": "Thêm thẻ",
    "Gradio footer navigation": "",
}

JS = (
    """
() => {
  const labels = """
    + json.dumps(LABELS, ensure_ascii=False)
    + """;
  const translate = (root) => {
    for (const el of root.querySelectorAll('[title], [aria-label]')) {
      for (const attr of ['title', 'aria-label']) {
        const value = el.getAttribute(attr);
        if (value && value in labels) el.setAttribute(attr, labels[value]);
      }
    }
  };
  translate(document);
  new MutationObserver(() => translate(document)).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['title', 'aria-label'],
  });
}
"""
)

# Runs inside the (invisible) gr.HTML "cite bridge": a click or tap on an inline [n] sends a
# "cite" event with the source's reference to the server, and brings the source panel into
# view when it is off screen (on a phone it sits far below the chat). One listener for the
# page; it calls the bridge's latest ``trigger``.
CITE_BRIDGE_JS = """
window.hoidapCite = (ref) => trigger('cite', {ref: ref});
if (!window.hoidapCiteListening) {
  window.hoidapCiteListening = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.cite');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    window.hoidapCite(link.getAttribute('href').slice('#nguon-'.length));
    const panel = document.getElementById('source-choice');
    if (!panel) return;
    const box = panel.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight * 0.6) {
      panel.scrollIntoView({block: 'start'});
    }
  }, true);
}
"""

SCROLL_TO_PASSAGE = (
    "() => { for (const ms of [200, 800]) setTimeout(() => document.getElementById('doan-trich')"
    "?.scrollIntoView({block: 'center'}), ms); }"
)
