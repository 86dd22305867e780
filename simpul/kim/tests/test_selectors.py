"""KIM selectors."""


def test_public_directory_counts_mandiri_from_the_books_not_the_declaration(db):
    from simpul.core.testing.factories import KimFactory
    from simpul.keuangan.models import StatusMandiri
    from simpul.kim import selectors

    deklarasi_saja = KimFactory(nama="KIM Deklarasi", mandiri=True)  # no books: its declaration counts
    buku_bilang_tidak = KimFactory(nama="KIM Buku Tidak", mandiri=True)
    buku_bilang_ya = KimFactory(nama="KIM Buku Ya", mandiri=False)
    StatusMandiri.objects.create(kim=buku_bilang_tidak, mandiri=False)
    StatusMandiri.objects.create(kim=buku_bilang_ya, mandiri=True)

    mandiri = {k.nama for k in selectors.kim_publik_list(mandiri=True)}
    assert mandiri == {deklarasi_saja.nama, buku_bilang_ya.nama}
    assert selectors.kim_publik_get(slug=buku_bilang_tidak.slug).mandiri_kini is False
