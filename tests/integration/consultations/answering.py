"""Answering a consultation through its pages, as a browser would."""

from __future__ import annotations


def answer_all(
    client,
    slug: str,
    *,
    one="0",
    several=("0", "2"),
    short="",
    long="",
    send=True,
    someone_else=False,
):
    """Answer the default questions one page at a time, then send them from "check your
    answers" (unless `send` is False). `someone_else` first follows "Someone else using this
    device? Answer as them", as on a browser that has answered before. Returns the last
    response."""
    if someone_else:
        client.get(f"/have-your-say/{slug}/someone-else")
    base = f"/have-your-say/{slug}/questions"
    client.post_form(f"{base}/1", {"answer": one})
    client.post_form(f"{base}/2", {"answer": list(several)})
    client.post_form(f"{base}/3", {"answer": short})
    response = client.post_form(f"{base}/4", {"answer": long})
    if not send:
        return response
    return client.post_form(f"/have-your-say/{slug}/check")
