// The profile picture's crop box: once a picture is chosen, it shows with a square over
// it that can be dragged (mouse, touch, or the arrow keys) and resized (the slider), and
// a round preview of what will be kept. The square goes to the server in pixels of the
// picture (crop_x, crop_y, crop_size); without this script the server keeps the largest
// square around the centre.
const form = document.querySelector("[data-picture-form]");

function setup() {
  const input = form.querySelector("input[type=file]");
  const stage = form.querySelector("[data-crop]");
  const image = stage.querySelector("[data-crop-image]");
  const box = stage.querySelector("[data-crop-box]");
  const zoom = stage.querySelector("[data-crop-zoom]");
  const preview = stage.querySelector("[data-crop-preview]");
  const fields = {
    x: form.querySelector("[name=crop_x]"),
    y: form.querySelector("[name=crop_y]"),
    size: form.querySelector("[name=crop_size]"),
  };
  // The square in the picture's own pixels.
  const crop = { x: 0, y: 0, size: 0 };
  let url = null;

  function clamp() {
    const { naturalWidth: width, naturalHeight: height } = image;
    crop.size = Math.max(8, Math.min(crop.size, width, height));
    crop.x = Math.max(0, Math.min(crop.x, width - crop.size));
    crop.y = Math.max(0, Math.min(crop.y, height - crop.size));
  }

  function draw() {
    clamp();
    const scale = image.clientWidth / image.naturalWidth;
    box.style.left = `${crop.x * scale}px`;
    box.style.top = `${crop.y * scale}px`;
    box.style.width = box.style.height = `${crop.size * scale}px`;
    fields.x.value = Math.round(crop.x);
    fields.y.value = Math.round(crop.y);
    fields.size.value = Math.round(crop.size);
    const ratio = preview.clientWidth / crop.size;
    preview.style.backgroundImage = `url("${url}")`;
    preview.style.backgroundSize = `${image.naturalWidth * ratio}px ${image.naturalHeight * ratio}px`;
    preview.style.backgroundPosition = `${-crop.x * ratio}px ${-crop.y * ratio}px`;
  }

  function reset() {
    const side = Math.min(image.naturalWidth, image.naturalHeight);
    crop.size = side;
    crop.x = (image.naturalWidth - side) / 2;
    crop.y = (image.naturalHeight - side) / 2;
    zoom.value = "100";
    draw();
  }

  input.addEventListener("change", () => {
    const file = input.files[0];
    Object.values(fields).forEach((field) => (field.value = ""));
    stage.hidden = true;
    if (!file || !file.type.startsWith("image/")) return;
    // A data: URL, which the page's policy allows for pictures (blob: it does not).
    const reader = new FileReader();
    reader.onload = () => {
      url = reader.result;
      image.onload = () => {
        stage.hidden = false;
        reset();
      };
      image.onerror = () => (stage.hidden = true); // not a picture: the server says why
      image.src = url;
    };
    reader.readAsDataURL(file);
  });

  zoom.addEventListener("input", () => {
    const centreX = crop.x + crop.size / 2;
    const centreY = crop.y + crop.size / 2;
    crop.size = (Math.min(image.naturalWidth, image.naturalHeight) * zoom.value) / 100;
    crop.x = centreX - crop.size / 2;
    crop.y = centreY - crop.size / 2;
    draw();
  });

  let drag = null;
  box.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, cropX: crop.x, cropY: crop.y };
    box.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  box.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const scale = image.naturalWidth / image.clientWidth;
    crop.x = drag.cropX + (event.clientX - drag.x) * scale;
    crop.y = drag.cropY + (event.clientY - drag.y) * scale;
    draw();
  });
  box.addEventListener("pointerup", () => (drag = null));
  box.addEventListener("pointercancel", () => (drag = null));
  box.addEventListener("keydown", (event) => {
    const step = (crop.size / 20) * (event.shiftKey ? 4 : 1);
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (!moves[event.key]) return;
    event.preventDefault();
    crop.x += moves[event.key][0];
    crop.y += moves[event.key][1];
    draw();
  });
  window.addEventListener("resize", () => !stage.hidden && draw());
}

if (form) setup();
