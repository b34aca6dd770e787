"""pdf_render on real PDFs made with PyMuPDF: sizes, pixels and clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from companion.core import pdf_render
from companion.core.pdf_render import (
    PageSize,
    PdfOpenError,
    PdfProblem,
    PdfRenderError,
    PixelFormat,
)


def make_pdf(path: Path, sizes: list[tuple[float, float]]) -> Path:
    """Write a PDF with one page per size, its 1-based number printed big in black."""
    document = pymupdf.open()
    for number, (width, height) in enumerate(sizes, start=1):
        page = document.new_page(width=width, height=height)
        page.insert_text((20, height / 2), str(number), fontsize=min(width, height) / 3)
    document.save(path)
    document.close()
    return path


@pytest.fixture(autouse=True)
def _release_documents():
    yield
    pdf_render.release_documents()


@pytest.fixture
def mixed_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "mixed.pdf", [(595, 842), (842, 595), (300, 400)])


def test_info_has_page_count_and_sizes_in_points(mixed_pdf: Path) -> None:
    info = pdf_render.read_document_info(mixed_pdf)

    assert info.page_count == 3
    assert info.path == mixed_pdf
    assert [(size.width, size.height) for size in info.page_sizes] == [
        (595, 842),
        (842, 595),
        (300, 400),
    ]


def test_render_returns_packed_rgb_pixels_at_the_scale(mixed_pdf: Path) -> None:
    rendered = pdf_render.render_page(mixed_pdf, 2, 2.0)

    assert (rendered.index, rendered.width, rendered.height) == (2, 600, 800)
    assert rendered.bytes_per_pixel == 3
    assert rendered.stride == rendered.width * 3
    assert len(rendered.samples) == rendered.width * rendered.height * 3


def test_render_with_alpha_has_four_bytes_per_pixel(mixed_pdf: Path) -> None:
    rendered = pdf_render.render_page(mixed_pdf, 0, 0.5, pixel_format=PixelFormat.RGBA)

    assert rendered.alpha
    assert rendered.bytes_per_pixel == 4
    assert len(rendered.samples) == rendered.width * rendered.height * 4


def test_bgrx_render_is_the_rgb_render_reordered_and_opaque(mixed_pdf: Path) -> None:
    rgb = pdf_render.render_page(mixed_pdf, 1, 0.75)
    bgrx = pdf_render.render_page(mixed_pdf, 1, 0.75, pixel_format=PixelFormat.BGRX)

    assert (bgrx.width, bgrx.height) == (rgb.width, rgb.height)
    assert bgrx.bytes_per_pixel == 4 and not bgrx.alpha
    assert bgrx.stride == bgrx.width * 4
    pixels = bgrx.samples
    reordered = bytearray(len(pixels) // 4 * 3)
    reordered[0::3], reordered[1::3], reordered[2::3] = pixels[2::4], pixels[1::4], pixels[0::4]
    assert bytes(reordered) == rgb.samples  # same pixels, BGR order
    assert set(pixels[3::4]) == {255}  # opaque everywhere
    assert min(pixels[0::4]) < 80  # and the page number is drawn


@pytest.mark.parametrize("pixel_format", [PixelFormat.BGRX, PixelFormat.RGB])
def test_a_clipped_render_is_that_part_of_the_whole_render(
    mixed_pdf: Path, pixel_format: PixelFormat
) -> None:
    """A tile (the viewer at a high zoom) has exactly the whole page's pixels there."""
    whole = pdf_render.render_page(mixed_pdf, 0, 2.0, pixel_format=pixel_format)
    clip = (100, 150, 612, 662)
    tile = pdf_render.render_page(mixed_pdf, 0, 2.0, pixel_format=pixel_format, clip=clip)

    assert (tile.width, tile.height) == (512, 512)
    size = tile.bytes_per_pixel
    differences = []  # MuPDF's edge antialiasing may round a few bytes otherwise
    for row in range(512):
        at = (150 + row) * whole.stride
        expected = bytes(whole.samples[at + 100 * size : at + 612 * size])
        got = bytes(tile.samples[row * tile.stride : row * tile.stride + 512 * size])
        differences += [abs(a - b) for a, b in zip(expected, got, strict=True) if a != b]
    assert len(differences) < 100 and max(differences, default=0) <= 8
    assert min(tile.samples) < 80  # the part holds drawn text, not only paper


def test_a_clip_at_the_edge_is_cut_to_the_page(mixed_pdf: Path) -> None:
    whole = pdf_render.render_page(mixed_pdf, 0, 2.0, pixel_format=PixelFormat.BGRX)
    clip = (whole.width - 100, whole.height - 50, whole.width + 412, whole.height + 462)
    tile = pdf_render.render_page(mixed_pdf, 0, 2.0, pixel_format=PixelFormat.BGRX, clip=clip)

    assert (tile.width, tile.height) == (100, 50)


def test_rendered_page_shows_the_text_as_dark_pixels(mixed_pdf: Path) -> None:
    rendered = pdf_render.render_page(mixed_pdf, 0, 1.0)

    samples = rendered.samples
    dark = sum(1 for offset in range(0, len(samples), 3) if samples[offset] < 80)
    white = sum(1 for offset in range(0, len(samples), 3) if samples[offset] > 240)
    assert dark > 1000  # the big "1"
    assert white > len(samples) // 3 * 0.8  # the rest of the page stays white


def test_huge_scale_is_bounded(mixed_pdf: Path) -> None:
    rendered = pdf_render.render_page(mixed_pdf, 0, 50.0)

    assert rendered.width * rendered.height <= pdf_render.MAX_RENDER_PIXELS * 1.01
    assert rendered.width > 595  # still a zoomed render


def test_a_changed_file_is_reopened(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "changing.pdf", [(100, 100)])
    assert pdf_render.read_document_info(path).page_count == 1
    make_pdf(tmp_path / "changing.pdf", [(100, 100), (200, 200)])
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock

    assert pdf_render.read_document_info(path).page_count == 2


def test_a_500_page_document_is_read_and_rendered(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "long.pdf", [(595, 842)] * 500)

    info = pdf_render.read_document_info(path)
    last = pdf_render.render_page(path, 499, 0.25)

    assert info.page_count == 500
    assert last.index == 499


def test_open_document_renders_one_page_at_the_scale_for_its_size(mixed_pdf: Path) -> None:
    asked: list[PageSize] = []

    def scale_for(size: PageSize) -> float:
        asked.append(size)
        return 421 / size.width  # fit 421 pixels wide

    opened = pdf_render.open_document(mixed_pdf, 1, scale_for)

    assert asked == [PageSize(842, 595)]
    assert (opened.path, opened.page_count, opened.page) == (mixed_pdf, 3, 1)
    assert opened.page_size == PageSize(842, 595)
    assert opened.scale == pytest.approx(0.5)
    assert opened.rendered is not None and opened.render_error is None
    assert (opened.rendered.index, opened.rendered.width) == (1, 421)


def test_open_document_clamps_the_page(mixed_pdf: Path) -> None:
    assert pdf_render.open_document(mixed_pdf, 99, lambda size: 0.25).page == 2
    assert pdf_render.open_document(mixed_pdf, -3, lambda size: 0.25).page == 0


def test_open_document_reports_files_it_cannot_open(tmp_path: Path) -> None:
    with pytest.raises(PdfOpenError) as caught:
        pdf_render.open_document(_write(tmp_path / "zero.pdf", b""), 0, lambda size: 1.0)

    assert caught.value.problem is PdfProblem.EMPTY


def test_open_document_rejects_a_scale_that_is_not_positive(mixed_pdf: Path) -> None:
    with pytest.raises(ValueError, match="positive"):
        pdf_render.open_document(mixed_pdf, 0, lambda size: 0.0)


def test_read_page_sizes_reads_every_page_in_chunks(tmp_path: Path) -> None:
    sizes = [(595.0, 842.0)] * 120 + [(842.0, 595.0)]
    path = make_pdf(tmp_path / "long.pdf", sizes)
    asked: list[bool] = []

    def keep_going() -> bool:
        asked.append(True)
        return True

    read = pdf_render.read_page_sizes(path, keep_going)

    assert read == tuple(PageSize(width, height) for width, height in sizes)
    assert len(asked) == 3  # 121 pages: three chunks of up to SIZES_PER_CHUNK


def test_read_page_sizes_stops_when_no_longer_wanted(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "long.pdf", [(595, 842)] * 120)
    chunks: list[bool] = []

    def only_one_chunk() -> bool:
        chunks.append(True)
        return len(chunks) == 1

    assert pdf_render.read_page_sizes(path, only_one_chunk) is None
    assert len(chunks) == 2


def test_page_out_of_range_is_an_index_error(mixed_pdf: Path) -> None:
    with pytest.raises(IndexError, match="no page 4"):
        pdf_render.render_page(mixed_pdf, 3, 1.0)


def test_scale_must_be_positive(mixed_pdf: Path) -> None:
    with pytest.raises(ValueError, match="positive"):
        pdf_render.render_page(mixed_pdf, 0, 0)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("random.pdf", os.urandom(4096), PdfProblem.INVALID),
        ("zero.pdf", b"", PdfProblem.EMPTY),
        ("text.pdf", b"Dagsorden\nnot a PDF at all\n", PdfProblem.INVALID),
    ],
)
def test_damaged_input_is_a_clear_open_error(
    tmp_path: Path, name: str, content: bytes, problem: PdfProblem
) -> None:
    path = _write(tmp_path / name, content)

    with pytest.raises(PdfOpenError) as caught:
        pdf_render.read_document_info(path)

    assert caught.value.problem is problem
    assert caught.value.path == path
    assert name in str(caught.value)


@pytest.mark.parametrize("kept", [2000, 1 / 3])
def test_pdf_truncated_inside_its_page_tree_is_an_open_error(tmp_path: Path, kept: float) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", [(595, 842)] * 30).read_bytes()
    length = int(kept) if kept > 1 else int(len(whole) * kept)
    path = _write(tmp_path / "truncated.pdf", whole[:length])

    with pytest.raises(PdfOpenError, match="truncated.pdf: is not a valid PDF") as caught:
        pdf_render.read_document_info(path)

    assert caught.value.problem is PdfProblem.INVALID


def test_pdf_missing_only_its_tail_is_repaired(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", [(595, 842)] * 30).read_bytes()
    path = _write(tmp_path / "tail-lost.pdf", whole[: int(len(whole) * 0.9)])

    info = pdf_render.read_document_info(path)
    rendered = pdf_render.render_page(path, 29, 0.5)

    assert info.page_count == 30
    assert rendered.width == round(595 * 0.5)
    assert "tail-lost.pdf is damaged" in caplog.text


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(PdfOpenError, match="absent.pdf: does not exist") as missing:
        pdf_render.render_page(tmp_path / "absent.pdf", 0, 1.0)
    with pytest.raises(PdfOpenError, match="is not a file") as folder:
        pdf_render.read_document_info(tmp_path)

    assert missing.value.problem is PdfProblem.MISSING
    assert folder.value.problem is PdfProblem.NOT_A_FILE


def test_password_protected_pdf_is_reported(tmp_path: Path) -> None:
    document = pymupdf.open()
    document.new_page()
    path = tmp_path / "secret.pdf"
    document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    document.close()

    with pytest.raises(PdfOpenError) as caught:
        pdf_render.read_document_info(path)

    assert caught.value.problem is PdfProblem.ENCRYPTED


def test_errors_share_one_base_class() -> None:
    assert issubclass(PdfOpenError, pdf_render.PdfError)
    assert issubclass(PdfRenderError, pdf_render.PdfError)
