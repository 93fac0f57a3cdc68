-- name: AddPhoto :one
-- A photo waiting in the patient's unsent e-consult (message_id NULL until it is sent), unless @room
-- photos wait already: then no row (sql.ErrNoRows), also when two uploads cross.
INSERT INTO photos (patient_id, source, source_bytes, width, height, thumb_width, thumb_height, created_at, content, thumb)
SELECT p.id, @source, @source_bytes, @width, @height, @thumb_width, @thumb_height, @created_at, @content, @thumb
FROM users p
WHERE p.id = @patient_id
  AND (SELECT count(*) FROM photos w WHERE w.patient_id = p.id AND w.message_id IS NULL) < @room
RETURNING id;

-- name: ListPendingPhotos :many
SELECT id, width, height, thumb_width, thumb_height FROM photos
WHERE patient_id = ? AND message_id IS NULL ORDER BY id;

-- name: DeletePendingPhoto :execrows
DELETE FROM photos WHERE id = ? AND patient_id = ? AND message_id IS NULL;

-- name: AttachPendingPhotos :execrows
-- Sending the e-consult takes the waiting photos along.
UPDATE photos SET message_id = @message_id WHERE patient_id = @patient_id AND message_id IS NULL;

-- name: GetPatientPhoto :one
SELECT id, patient_id FROM photos WHERE id = ? AND patient_id = ?;

-- name: GetSentPhoto :one
-- Staff see a photo once the patient has sent it, never while it waits in an unsent e-consult.
SELECT id, patient_id FROM photos WHERE id = ? AND message_id IS NOT NULL;

-- name: PhotoContent :one
SELECT content FROM photos WHERE id = ?;

-- name: PhotoThumb :one
SELECT thumb FROM photos WHERE id = ?;

-- name: ListThreadPhotos :many
SELECT p.id, p.message_id, p.width, p.height, p.thumb_width, p.thumb_height
FROM photos p JOIN messages m ON m.id = p.message_id
WHERE m.thread_id = ?
ORDER BY p.id;
