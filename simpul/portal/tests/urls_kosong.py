"""A URLconf with no routes: a request that reaches URL resolving gets 404 (see test_portal)."""

urlpatterns: list = []
