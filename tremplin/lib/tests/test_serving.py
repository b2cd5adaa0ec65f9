import pytest
from django.test import RequestFactory

from tremplin.lib.serving import ranged_file_response

CONTENT = bytes(range(10)) * 10  # 100 bytes


@pytest.fixture
def file(tmp_path):
    path = tmp_path / "video.webm"
    path.write_bytes(CONTENT)
    return path


def serve(file, **headers):
    request = RequestFactory().get("/video.webm", headers=headers)
    return ranged_file_response(request, file, content_type="video/webm", etag="v1")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_without_a_range_the_whole_file_says_ranges_are_accepted(file):
    response = serve(file)
    assert response.status_code == 200
    assert body(response) == CONTENT
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"
    assert response["ETag"] == '"v1"'


@pytest.mark.parametrize(
    ("asked", "start", "end"),
    [
        ("bytes=10-19", 10, 19),
        ("bytes=90-", 90, 99),
        ("bytes=-5", 95, 99),
        ("bytes=95-500", 95, 99),
    ],
)
def test_a_range_is_answered_with_those_bytes_only(file, asked, start, end):
    response = serve(file, Range=asked)
    assert response.status_code == 206
    assert body(response) == CONTENT[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/100"
    assert response["Content-Length"] == str(end - start + 1)


def test_a_range_past_the_end_cannot_be_satisfied(file):
    response = serve(file, Range="bytes=100-120")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */100"


def test_several_ranges_or_a_stale_if_range_get_the_whole_file(file):
    assert serve(file, Range="bytes=0-1,5-6").status_code == 200
    assert serve(file, Range="bytes=0-1", If_Range='"v0"').status_code == 200
    assert serve(file, Range="bytes=0-1", If_Range='"v1"').status_code == 206


def test_a_cached_copy_that_is_still_current_gets_not_modified(file):
    assert serve(file, If_None_Match='"v1"').status_code == 304
    assert serve(file, If_None_Match='"v0"').status_code == 200
