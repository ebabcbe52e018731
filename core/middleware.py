"""Chinese by default: the interface language is the one the user chose (cookie), else 简体中文.

The browser's Accept-Language is ignored on purpose: officials' machines are often set up in
English, and the product's default is Chinese; English is one click away in the footer.
"""

from __future__ import annotations


class ChineseByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
