# Around the current page, and at each end: page 1 … 4 5 [6] 7 8 … 116 (at most 7 numbers).
PAGES_ON_EACH_SIDE = 2
PAGES_ON_ENDS = 1


def page_links(page):
    """The page numbers a pagination bar shows for ``page``: its neighbours and the ends,
    with ``Paginator.ELLIPSIS`` for each gap, instead of every page (a list of 116 pages
    would be half the page's HTML)."""
    return list(
        page.paginator.get_elided_page_range(
            page.number, on_each_side=PAGES_ON_EACH_SIDE, on_ends=PAGES_ON_ENDS
        )
    )


class ForgivingPaginationMixin:
    """For list views: a page number that is not a number shows the first page, and one past
    the end shows the last, instead of a 404 for a link that has merely gone stale."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
