"""The download centre (下载中心): every list exported as a background job driven by its row."""
