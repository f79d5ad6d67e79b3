<?xml version="1.0" encoding="UTF-8"?>
<!-- Q004 disk-queues-bus: queues on a disk <driver> is only valid for
     virtio-blk. Remove it from the disk; with action='move' the disk's
     virtio-scsi controller (index $controller) gets <driver queues='q'/>
     instead, q = min(vCPUs, 8), unless it already has queues.
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per disk: only the finding's <driver> (gdn:target()) changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="queues"/>
  <xsl:param name="action" select="'remove'"/>
  <xsl:param name="controller" select="'0'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The disk: drop queues. -->
  <xsl:template match="devices/disk/driver[@queues]">
    <xsl:copy>
      <xsl:choose>
        <xsl:when test="gdn:target(.)">
          <xsl:apply-templates select="@*[name() != 'queues']"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="@*"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- action='move': the controller's <driver> without queues gets them. -->
  <xsl:template match="devices/controller[@type='scsi']/driver[not(@queues)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$action = 'move' and number(concat('0', ../@index)) = number($controller)">
        <xsl:attribute name="queues"><xsl:value-of select="$queues"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- action='move', no <driver>: create it where libvirt writes it. -->
  <xsl:template match="devices/controller[@type='scsi'][not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$action = 'move' and number(concat('0', @index)) = number($controller)">
        <driver queues="{$queues}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
