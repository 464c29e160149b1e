"""Answering a consultation through its pages, as a browser would."""

from __future__ import annotations


def answer_all(client, slug: str, *, one="0", several=("0", "2"), short="", long="", send=True):
    """Answer the default questions one page at a time, then send them from "check your
    answers" (unless `send` is False). Returns the last response."""
    base = f"/have-your-say/{slug}/questions"
    client.post_form(f"{base}/1", {"answer": one})
    client.post_form(f"{base}/2", {"answer": list(several)})
    client.post_form(f"{base}/3", {"answer": short})
    response = client.post_form(f"{base}/4", {"answer": long})
    if not send:
        return response
    return client.post_form(f"/have-your-say/{slug}/check")
