"""Photos taken at the door with the phone's camera, sent with the home investigation's form: kept
as the application's materials (photo), each checked by its content and bounded in size; a
refused photo refuses the whole form, in Chinese, beside the photos' input, and stores nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dibao.cases.models import Investigation, Material, MaterialKind
from dibao.core.uploads import image_format

from .page_support import case_url, prefixed
from .support import application, days_ago, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def jpeg(name: str = "IMG_0001.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 150)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def photos_kept() -> bool:
    return Material.objects.filter(kind=MaterialKind.PHOTO).exists()


def visit(**extra):  # type: ignore[no-untyped-def]
    return prefixed(
        "investigation",
        {"visited_on": days_ago(1).isoformat(), "investigators": "张明, 李华", "housing": "两居室", **extra},
    )


def test_the_investigation_form_takes_photos_with_the_camera(login, areas, users):
    app = application(areas, users, until="accept")
    page = login(users.haizhou).get(case_url(app)).content.decode()
    form = page[page.index('id="investigation-add"') - 200 :]
    form = form[: form.index("</form>")]
    assert 'enctype="multipart/form-data"' in form
    assert 'type="file"' in form and 'accept="image/*"' in form
    assert 'capture="environment"' in form and "multiple" in form


def test_photos_are_kept_as_the_applications_materials(login, areas, users, media_root):
    app = application(areas, users, until="accept")
    photos = [jpeg("门口.jpg"), jpeg("厨房.jpg")]
    response = login(users.haizhou).post(
        reverse("cases:investigation-add", args=[app.pk]), visit(photos=photos)
    )
    assert response.status_code == 302 and response.url == case_url(app)
    visit_row = Investigation.objects.get(application=app)
    kept = Material.objects.filter(application=app, kind=MaterialKind.PHOTO).order_by("id")
    assert kept.count() == 2
    for material in kept:
        assert material.file.name.endswith(".jpg")
        assert image_format(material.file.open("rb")) == "JPEG"
        assert visit_row.visited_on.isoformat() in material.note
    shown = login(users.haizhou).get(case_url(app)).content.decode()
    assert shown.count(reverse("cases:material-file", args=[kept[0].pk])) == 1


def test_a_file_not_a_picture_is_refused_in_chinese_whatever_its_name(login, areas, users, media_root):
    app = application(areas, users, until="accept")
    disguised = SimpleUploadedFile("照片.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = login(users.haizhou).post(
        reverse("cases:investigation-add", args=[app.pk]), visit(photos=[jpeg(), disguised])
    )
    assert response.status_code == 200
    errors = response.context["investigation_form"].errors["photos"]
    assert errors == ["“照片.jpg”不是照片：只接受 JPEG、PNG、WebP、HEIC 或 GIF 图片。"]
    assert not Investigation.objects.exists() and not photos_kept()
    assert not list(media_root.rglob("*.jpg"))  # nothing stored for a refused form


def test_a_photo_larger_than_the_limit_is_refused(login, areas, users, settings, media_root):
    settings.IMAGE_MAX_BYTES = 1024
    app = application(areas, users, until="accept")
    big = jpeg("大图.jpg", size=(400, 400))
    assert big.size > 1024
    url = reverse("cases:investigation-add", args=[app.pk])
    response = login(users.haizhou).post(url, visit(photos=[big]))
    assert response.status_code == 200
    assert response.context["investigation_form"].errors["photos"] == ["照片“大图.jpg”大于 1 KB。"]
    assert not Investigation.objects.exists() and not photos_kept()


def test_photos_together_past_the_upload_limit_are_refused(login, areas, users, settings, media_root):
    # The upload handler keeps one byte past the limit for all the request's files together: the
    # photos after it arrive cut short, and the form refuses them rather than keep half a picture.
    first = jpeg("一.jpg", size=(200, 200))
    settings.UPLOAD_MAX_BYTES = first.size + 10
    app = application(areas, users, until="accept")
    response = login(users.haizhou).post(
        reverse("cases:investigation-add", args=[app.pk]),
        visit(photos=[first, jpeg("二.jpg", size=(200, 200))]),
    )
    assert response.status_code == 200
    errors = response.context["investigation_form"].errors["photos"]
    assert any("合计" in str(e) for e in errors), errors
    assert not photos_kept()


def test_content_decides_the_kind_of_picture():
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    webp = io.BytesIO(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    heic = io.BytesIO(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00")
    assert [image_format(f) for f in (png, webp, heic)] == ["PNG", "WebP", "HEIC"]
    assert image_format(io.BytesIO(b"MZ\x90\x00 an executable")) is None
    assert image_format(io.BytesIO(b"")) is None
