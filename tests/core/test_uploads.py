"""An upload is kept only to one byte past UPLOAD_MAX_BYTES, so its size check refuses it without
the rest ever reaching memory or disk."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from dibao.core.uploads import BoundedUploadHandler, size_text


@override_settings(UPLOAD_MAX_BYTES=100_000)
def test_an_upload_past_the_limit_arrives_cut_one_byte_after_it():
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.csv", b"x" * 1_000_000)})
    upload = request.FILES["file"]
    assert upload.size == 100_001
    assert upload.read() == b"x" * 100_001


@override_settings(UPLOAD_MAX_BYTES=100_000)
def test_the_limit_holds_for_all_files_of_a_request_together():
    files = {name: SimpleUploadedFile(f"{name}.csv", b"x" * 80_000) for name in ("a", "b", "c")}
    request = RequestFactory().post("/", files)
    assert sum(request.FILES[name].size for name in files) == 100_001


@override_settings(UPLOAD_MAX_BYTES=100_000)
def test_an_upload_within_the_limit_is_kept_whole():
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.csv", b"y" * 100_000)})
    assert request.FILES["file"].read() == b"y" * 100_000


@override_settings(UPLOAD_MAX_BYTES=10)
def test_the_handler_passes_on_what_fits_and_drops_the_rest():
    handler = BoundedUploadHandler()
    assert handler.receive_data_chunk(b"12345678", 0) == b"12345678"
    assert handler.receive_data_chunk(b"abcdef", 8) == b"abc"
    assert handler.receive_data_chunk(b"more", 14) is None


def test_limits_read_as_people_write_them():
    assert [size_text(n) for n in (50 * 1024 * 1024, 1536 * 1024, 10 * 1024, 800)] == [
        "50 MB",
        "1.5 MB",
        "10 KB",
        "800 bytes",
    ]
